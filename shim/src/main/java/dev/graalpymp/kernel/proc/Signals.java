package dev.graalpymp.kernel.proc;

/**
 * Linux signal numbers and names, and each signal's default action (signal(7)): what the kernel does with a
 * signal that no handler of the process took (see {@link SignalReceiver}).
 */
public final class Signals {
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTIN = 21;
    public static final int SIGTTOU = 22;
    public static final int SIGURG = 23;
    public static final int SIGWINCH = 28;
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

    /** What Linux does with a signal nothing handles ("Term" and "Core" both end the process here). */
    public enum DefaultAction { TERMINATE, IGNORE, STOP, CONTINUE }

    /** The default action of {@code signal} (1..64), from signal(7); real-time signals terminate. */
    public static DefaultAction defaultAction(int signal) {
        return switch (signal) {
            case SIGCHLD, SIGURG, SIGWINCH -> DefaultAction.IGNORE;
            case SIGCONT -> DefaultAction.CONTINUE;
            case SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU -> DefaultAction.STOP;
            default -> DefaultAction.TERMINATE;
        };
    }

    /** "SIGTERM", "SIGRTMIN+3", ...; for messages. */
    public static String name(int signal) {
        if (signal > 0 && signal < NAMES.length) {
            return NAMES[signal];
        }
        return signal >= 34 && signal <= MAX_SIGNAL ? "SIGRTMIN+" + (signal - 34) : "signal " + signal;
    }
}
