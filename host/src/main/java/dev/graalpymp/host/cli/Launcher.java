package dev.graalpymp.host.cli;

import dev.graalpymp.host.Launch;
import dev.graalpymp.host.PythonRuntime;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import sun.misc.Signal;

/**
 * {@code bin/graalpy-mp}: a command-line interface that behaves like {@code python3}, over {@link PythonRuntime}.
 * The exit status is the program's; usage errors exit with 2 as CPython's do.
 */
public final class Launcher {

    private Launcher() {
    }

    /** Runs the command line and exits the JVM with the program's status. */
    public static void main(String[] args) {
        int status;
        try {
            status = run(List.of(args));
        } catch (Throwable e) { // a failure of graalpy-mp itself: one line, never a Java stack trace
            new PrintStream(new FileOutputStream(FileDescriptor.err), true)
                    .println("graalpy-mp: internal error: " + e);
            status = 1;
        }
        System.exit(status);
    }

    static int run(List<String> args) {
        Invocation invocation = new Invocation(args, programEnvironment(), Path.of("").toAbsolutePath(),
                new FileInputStream(FileDescriptor.in),
                // Python's io layer does the buffering (or not, with -u): the Java side writes straight through.
                new FileOutputStream(FileDescriptor.out), new FileOutputStream(FileDescriptor.err),
                terminalStreams(), InheritedSignals.ignored()); // before the forwarding handlers below
        return execute(invocation, executableName(), launch -> {
            PythonRuntime runtime = newRuntime(executableName());
            // Signals sent to the JVM are the program's, as a CPython process's: Ctrl-C its SIGINT handler
            // (KeyboardInterrupt) in its main thread, `kill -TERM` its SIGTERM handler or default action, ...
            int pid = Math.toIntExact(ProcessHandle.current().pid());
            for (String name : FORWARDED_SIGNALS) {
                Signal signal = new Signal(name);
                Signal.handle(signal, received -> forward(runtime, pid, signal.getNumber()));
            }
            return runtime.run(launch);
        });
    }

    /**
     * The JVM's environment but the variables the launcher script set for the JVM alone (named, comma-separated,
     * by {@code graalpy.mp.jvmOnlyEnv}: HotSpot's suspend signal, see bin/lib/java-command.sh).
     */
    public static Map<String, String> programEnvironment() {
        Map<String, String> environment = new HashMap<>(System.getenv());
        for (String name : System.getProperty("graalpy.mp.jvmOnlyEnv", "").split(",")) {
            environment.remove(name);
        }
        return environment;
    }

    /** The OS signals the JVM hands to its program; the JVM keeps the others (SIGQUIT: its thread dump). */
    private static final List<String> FORWARDED_SIGNALS = List.of("HUP", "INT", "TERM", "USR1", "USR2", "ALRM",
            "WINCH", "CHLD");

    private static void forward(PythonRuntime runtime, int pid, int signal) {
        try {
            runtime.forwardOsSignal(pid, signal);
        } catch (RuntimeException ended) {
            // ESRCH: the program has ended; as with a real process, a late signal finds nobody
        }
    }

    /**
     * Carries out a command line as {@code python3} would: {@code -V}, {@code -h}, usage errors (status 2), or a
     * program, which {@code runner} runs and whose exit status it returns.
     */
    public static int execute(Invocation invocation, String executable, ToIntFunction<Launch> runner) {
        PrintStream stdout = new PrintStream(invocation.stdout(), true);
        PrintStream stderr = new PrintStream(invocation.stderr(), true);
        CommandLine.Request request;
        try {
            request = CommandLine.parse(invocation.args(), invocation.stdinIsTerminal());
        } catch (CommandLine.UsageError e) {
            stderr.println(e.getMessage());
            stderr.println(usage(executable));
            stderr.println("Try `python -h' for more information.");
            return 2;
        } catch (CommandLine.Unsupported e) {
            stderr.println(executable + ": " + e.getMessage() + " by graalpy-mp");
            return 2;
        }
        return switch (request) {
            case CommandLine.Version v -> {
                stdout.println(versionLine(v.verbose()));
                yield 0;
            }
            case CommandLine.Help h -> {
                stdout.println(usage(executable));
                stdout.println("Options: -c cmd, -m mod, -u, -B, -E, -I, -P, -s, -W arg, -V, -h; file or - for stdin."
                        + " See python3 -h for their meaning.");
                yield 0;
            }
            case CommandLine.Interactive i -> {
                stderr.println(executable + ": the interactive interpreter is not supported by graalpy-mp;"
                        + " give a script, -c or -m (or pipe a program into standard input)");
                yield 2;
            }
            case CommandLine.Run r -> runner.applyAsInt(launchOf(r, invocation));
        };
    }

    private static Launch launchOf(CommandLine.Run request, Invocation invocation) {
        return (switch (request.kind()) {
            case FILE -> Launch.script(Path.of(request.target()));
            case MODULE -> Launch.module(request.target());
            case CODE -> Launch.code(request.target());
            case STDIN -> Launch.stdinProgram();
        }).withArgs(request.args())
                .withFlags(request.flags())
                .withWorkingDirectory(invocation.workingDirectory())
                .withEnvironment(invocation.environment())
                .withStdin(invocation.stdin())
                .withStdout(invocation.stdout())
                .withStderr(invocation.stderr())
                .withTerminalStreams(invocation.terminalStreams())
                .withIgnoredSignals(invocation.ignoredSignals());
    }

    /** The one-shot runtime of a launcher whose program is the JVM's own process. */
    private static PythonRuntime newRuntime(String executable) {
        return PythonRuntime.builder()
                .engineLog(engineLog())
                .ownsJvmProcess(true)
                // One program on a cold JVM: contexts for its children start booting with its first child of
                // each kind (an os.fork() child, a multiprocessing one), not before (see PythonRuntime.runIn).
                .warmPoolSize(warmPoolSize())
                .warmChildPoolSize(warmPoolSize())
                .executable(executable)
                .allowCreateProcess(true)
                .allowNativeAccess(true)
                .build();
    }

    /** The value of {@code sys.executable}: the launcher script that started this JVM. */
    static String executableName() {
        return System.getProperty("graalpy.mp.launcher", "graalpy-mp");
    }

    /** GRAALPY_MP_POOL: ready contexts kept for each kind of child process (default 2, 0 = none). */
    static int warmPoolSize() {
        String value = System.getenv("GRAALPY_MP_POOL");
        return value == null || value.isEmpty() ? 2 : Integer.parseInt(value);
    }

    /** GraalPy's own log lines go to $GRAALPY_MP_LOG when set, else nowhere: never to the program's stderr. */
    public static java.io.OutputStream engineLog() {
        String path = System.getenv("GRAALPY_MP_LOG");
        if (path == null || path.isEmpty()) {
            return java.io.OutputStream.nullOutputStream();
        }
        try {
            return new FileOutputStream(path, true);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException("GRAALPY_MP_LOG: cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    private static String usage(String executable) {
        return "usage: " + executable + " [option] ... [-c cmd | -m mod | file | -] [arg] ...";
    }

    /**
     * CPython's {@code -V} line; with {@code -VV} also the engine's details, among them the Truffle runtime:
     * "Interpreted" means no JIT (the fallback runtime), anything else names the optimizing runtime in use.
     */
    private static String versionLine(boolean verbose) {
        try (org.graalvm.polyglot.Engine engine = org.graalvm.polyglot.Engine.newBuilder()
                .option("engine.WarnInterpreterOnly", "false").logHandler(java.io.OutputStream.nullOutputStream())
                .build()) {
            String line = "Python " + engine.getLanguages().get("python").getVersion();
            if (verbose) {
                line += " (graalpy-mp on GraalPy, Truffle runtime: "
                        + engine.getImplementationName() + ", Java " + Runtime.version() + ")";
            }
            return line;
        }
    }

    /** Which of this JVM's standard streams are a terminal (bits 0-2), from what /proc says they are. */
    private static int terminalStreams() {
        int streams = 0;
        for (int fd = 0; fd < 3; fd++) {
            try {
                String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                if (target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")) {
                    streams |= 1 << fd;
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not a link we can read: not a terminal as far as we know
            }
        }
        return streams;
    }
}
