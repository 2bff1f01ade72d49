package dev.graalpymp.kernel.proc;

/**
 * The host's side of a process's own signal dispositions: the kernel offers it every signal sent to the process
 * except SIGKILL (and the existence check, 0). It answers whether it took the signal, by running the process's
 * handler in the process's main thread, ignoring it, or ending the process itself as the default action says;
 * if not, the kernel applies Linux's default action ({@link Signals#defaultAction}). Called on the sender's
 * thread, outside kernel locks; it must not block.
 */
@FunctionalInterface
public interface SignalReceiver {

    boolean receive(int signal);
}
