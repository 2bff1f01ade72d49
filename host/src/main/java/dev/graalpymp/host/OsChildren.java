package dev.graalpymp.host;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.io.ProcessHandler;

/**
 * The real OS processes the contexts start ({@code subprocess} children): the contexts' {@link ProcessHandler},
 * which starts them as the polyglot default does, so that the host knows each one's {@link Process}. GraalPy
 * numbers its children 1, 2, ... (its {@code Popen.pid}, where CPython's is the OS pid), kills one with
 * {@link Process#destroy()}, which also closes the child's pipes (what it writes after SIGTERM, in a handler or at
 * exit, is lost), and sends no signal but SIGTERM and SIGKILL. Here the Python side learns the real pid of the
 * child it has just started ({@link #takeLastStarted}), and a signal goes to that process only while it has not
 * been reaped (its pid cannot have been reused): SIGTERM and SIGKILL through its {@link ProcessHandle}, the pipes
 * left open, any other signal and a group (the child's, with {@code start_new_session}) by the system's
 * {@code kill} command (the JDK has no other way to send one; the
 * project keeps no native-access library for this one call).
 */
final class OsChildren implements ProcessHandler {
    static final OsChildren HANDLER = new OsChildren();

    private static final int SIGKILL = 9;
    private static final int SIGTERM = 15;
    private static final ThreadLocal<Process> LAST_STARTED = new ThreadLocal<>();
    private static final Map<Long, Process> RUNNING = new ConcurrentHashMap<>();

    private OsChildren() {
    }

    @Override
    public Process start(ProcessCommand command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command.getCommand());
        if (command.getDirectory() != null) {
            builder.directory(new File(command.getDirectory()));
        }
        builder.environment().clear();
        builder.environment().putAll(command.getEnvironment());
        builder.redirectErrorStream(command.isRedirectErrorStream());
        builder.redirectInput(command.getInputRedirect() == Redirect.INHERIT
                ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE);
        builder.redirectOutput(javaRedirect(command.getOutputRedirect()));
        builder.redirectError(javaRedirect(command.getErrorRedirect()));
        Process process = builder.start();
        copyTo(process.getInputStream(), command.getOutputRedirect());
        copyTo(process.getErrorStream(), command.getErrorRedirect());
        long pid = process.pid();
        RUNNING.put(pid, process);
        process.onExit().thenRun(() -> RUNNING.remove(pid, process));
        LAST_STARTED.set(process);
        return process;
    }

    /** The OS pid of the process the calling thread started last, once (-1 if none since). */
    static long takeLastStarted() {
        Process process = LAST_STARTED.get();
        LAST_STARTED.remove();
        return process == null ? -1 : process.pid();
    }

    /**
     * {@code kill(pid, signal)} of a child started here and not reaped yet, or (negative {@code pid}) of the
     * process group such a child leads; ESRCH otherwise.
     */
    static void signal(long pid, int signal) {
        if (pid < 0) {
            if (!RUNNING.containsKey(-pid) || signal < 0 || signal > 64) {
                throw new KernelException(RUNNING.containsKey(-pid) ? Errno.EINVAL : Errno.ESRCH);
            }
            killCommand(pid, signal);
            return;
        }
        Process process = RUNNING.get(pid);
        if (process == null || !process.isAlive()) {
            throw new KernelException(Errno.ESRCH);
        }
        if (signal < 0 || signal > 64) {
            throw new KernelException(Errno.EINVAL);
        }
        if (signal == 0) {
            return;
        }
        if (signal == SIGTERM || signal == SIGKILL) {
            ProcessHandle handle = process.toHandle(); // not Process.destroy(): that closes the pipes too
            if (!(signal == SIGTERM ? handle.destroy() : handle.destroyForcibly())) {
                throw new KernelException(Errno.EPERM);
            }
            return;
        }
        killCommand(pid, signal);
    }

    private static ProcessBuilder.Redirect javaRedirect(Redirect redirect) {
        return redirect == Redirect.INHERIT ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.PIPE;
    }

    /** A redirect to a stream (the context's own output): copied there, as the polyglot default handler does. */
    private static void copyTo(InputStream from, Redirect redirect) {
        OutputStream to = redirect.getOutputStream();
        if (to == null) {
            return;
        }
        Thread.ofPlatform().daemon().name("graalpy-mp-os-child-output").start(() -> {
            try (from) {
                from.transferTo(to);
                to.flush();
            } catch (IOException ignored) {
                // the child's stream or the target closed: nothing more to copy
            }
        });
    }

    private static void killCommand(long pid, int signal) {
        ProcessBuilder command = new ProcessBuilder("kill", "-s", Integer.toString(signal), "--", Long.toString(pid))
                .redirectInput(new File("/dev/null")).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process kill = command.start();
            String error = new String(kill.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new KernelException(error.contains("not permitted") ? Errno.EPERM : Errno.ESRCH);
            }
        } catch (IOException e) {
            throw new IllegalStateException("graalpy-mp: cannot signal OS process " + pid
                    + ": the system's kill command did not run (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KernelException(Errno.EINTR);
        }
    }
}
