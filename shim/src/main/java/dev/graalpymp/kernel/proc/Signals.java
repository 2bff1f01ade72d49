package dev.graalpymp.kernel.proc;

/**
 * Linux signal numbers and names, and which signals the kernel can deliver. Virtual processes have no signal
 * handlers of their own here, so only the two signals whose meaning does not depend on a handler are
 * delivered: SIGKILL (cannot be caught) and SIGTERM (delivered with its default action, terminate).
 */
public final class Signals {
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    /** Highest valid signal number on Linux (_NSIG - 1 = 64, the last real-time signal). */
    public static final int MAX_SIGNAL = 64;

    private static final String[] NAMES = {null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
        "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"};

    private Signals() {
    }

    /** Whether {@code signal} is a signal number Linux accepts (0, the existence check, included). */
    public static boolean isValid(int signal) {
        return signal >= 0 && signal <= MAX_SIGNAL;
    }

    /** Whether delivering {@code signal} terminates the process here (the only kind delivered). */
    public static boolean isTerminating(int signal) {
        return signal == SIGKILL || signal == SIGTERM;
    }

    /** "SIGTERM", "SIGRTMIN+3", ...; for messages. */
    public static String name(int signal) {
        if (signal > 0 && signal < NAMES.length) {
            return NAMES[signal];
        }
        return signal >= 34 && signal <= MAX_SIGNAL ? "SIGRTMIN+" + (signal - 34) : "signal " + signal;
    }
}
