package dev.graalpymp.host;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One Python program to run, described the way {@code python3} would be invoked: what to run (a script file,
 * a module as with {@code -m}, a code string as with {@code -c}, or a program read from standard input), its
 * arguments, working directory, environment and standard streams.
 *
 * <p>A {@code Launch} is an immutable value; the {@code with…} methods return modified copies. Defaults: the
 * JVM's working directory, an empty environment, empty standard input, standard output and error discarded,
 * buffered output. Example:
 *
 * <pre>{@code
 * Launch launch = Launch.script(Path.of("demo.py"), "arg1")
 *         .withStdout(System.out).withStderr(System.err)
 *         .withEnvironment(System.getenv());
 * int status = runtime.run(launch);
 * }</pre>
 */
public final class Launch {

    /** What kind of program a {@link Launch} runs; each maps to one way {@code python3} is invoked. */
    public enum Kind {
        /** {@code python3 path args…}: a script, a directory or a zip archive with {@code __main__.py}. */
        FILE,
        /** {@code python3 -m module args…}. */
        MODULE,
        /** {@code python3 -c code args…}. */
        CODE,
        /** {@code python3 - args…}: the program is read from standard input. */
        STDIN
    }

    private final Kind kind;
    private final String target;
    private final List<String> args;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final InputStream stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final PythonFlags flags;
    private final int terminalStreams;
    private final Set<Integer> ignoredSignals;

    private Launch(Kind kind, String target, List<String> args, Path workingDirectory,
                   Map<String, String> environment, InputStream stdin, OutputStream stdout,
                   OutputStream stderr, PythonFlags flags, int terminalStreams,
                   Set<Integer> ignoredSignals) {
        this.kind = kind;
        this.target = target;
        this.args = List.copyOf(args);
        this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
        this.environment = Map.copyOf(environment);
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.flags = flags;
        this.terminalStreams = terminalStreams;
        this.ignoredSignals = Set.copyOf(ignoredSignals);
    }

    private static Launch of(Kind kind, String target, List<String> args) {
        return new Launch(kind, Objects.requireNonNull(target, "target"), args, Path.of(""), Map.of(),
                InputStream.nullInputStream(), OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
                PythonFlags.NONE, 0, Set.of());
    }

    /** Runs a script file ({@code python3 script.py args…}); {@code sys.argv[0]} is the path as given. */
    public static Launch script(Path script, String... args) {
        return of(Kind.FILE, script.toString(), List.of(args));
    }

    /** Runs a module as {@code __main__} ({@code python3 -m module args…}). */
    public static Launch module(String module, String... args) {
        return of(Kind.MODULE, module, List.of(args));
    }

    /** Runs a code string ({@code python3 -c code args…}). */
    public static Launch code(String code, String... args) {
        return of(Kind.CODE, code, List.of(args));
    }

    /** Runs the program read from standard input ({@code python3 - args…}). */
    public static Launch stdinProgram(String... args) {
        return of(Kind.STDIN, "-", List.of(args));
    }

    /** Returns a copy with these arguments after the program ({@code sys.argv[1:]}). */
    public Launch withArgs(List<String> newArgs) {
        return new Launch(kind, target, newArgs, workingDirectory, environment, stdin, stdout, stderr,
                flags, terminalStreams, ignoredSignals);
    }

    /** Returns a copy that runs in this working directory ({@code os.getcwd()}). */
    public Launch withWorkingDirectory(Path dir) {
        return new Launch(kind, target, args, dir, environment, stdin, stdout, stderr,
                flags, terminalStreams, ignoredSignals);
    }

    /** Returns a copy whose {@code os.environ} is exactly this map (the JVM's own environment is not leaked). */
    public Launch withEnvironment(Map<String, String> env) {
        return new Launch(kind, target, args, workingDirectory, new TreeMap<>(env), stdin, stdout, stderr, flags,
                terminalStreams, ignoredSignals);
    }

    /** Returns a copy reading standard input from this stream. */
    public Launch withStdin(InputStream in) {
        return new Launch(kind, target, args, workingDirectory, environment, in, stdout, stderr,
                flags, terminalStreams, ignoredSignals);
    }

    /** Returns a copy writing standard output to this stream. */
    public Launch withStdout(OutputStream out) {
        return new Launch(kind, target, args, workingDirectory, environment, stdin, out, stderr,
                flags, terminalStreams, ignoredSignals);
    }

    /** Returns a copy writing standard error to this stream. */
    public Launch withStderr(OutputStream err) {
        return new Launch(kind, target, args, workingDirectory, environment, stdin, stdout, err,
                flags, terminalStreams, ignoredSignals);
    }

    /** Returns a copy with these interpreter flags ({@code -u}, {@code -E}, {@code -W}…). */
    public Launch withFlags(PythonFlags newFlags) {
        return new Launch(kind, target, args, workingDirectory, environment, stdin, stdout, stderr,
                newFlags, terminalStreams, ignoredSignals);
    }

    /** Returns a copy with unbuffered standard streams, as {@code python3 -u}. */
    public Launch withUnbuffered(boolean value) {
        return withFlags(flags.withUnbuffered(value));
    }

    /** What kind of program this is. */
    /**
     * Which standard streams are a terminal for the program ({@code os.isatty(0|1|2)}; stdout is then line
     * buffered, as CPython's interactive stdout): bit 0 stdin, bit 1 stdout, bit 2 stderr. The launcher tells
     * its own; by default none, as for streams of Java.
     */
    public Launch withTerminalStreams(int streams) {
        if ((streams & ~7) != 0) {
            throw new IllegalArgumentException("terminal streams are bits 0-2: " + streams);
        }
        return new Launch(kind, target, args, workingDirectory, environment, stdin, stdout, stderr, flags, streams,
                ignoredSignals);
    }

    /** See {@link #withTerminalStreams}. */
    public int terminalStreams() {
        return terminalStreams;
    }

    /**
     * Returns a copy whose program starts with these signals ignored (SIG_IGN), as a process inherits them from
     * its parent: {@code nohup} ignores SIGHUP, a shell's background job SIGINT and SIGQUIT. As in CPython,
     * {@code signal.getsignal} then answers SIG_IGN, SIGINT included (no KeyboardInterrupt), until the program
     * sets a handler. The launcher tells its own; by default none.
     */
    public Launch withIgnoredSignals(Set<Integer> signals) {
        for (int signal : signals) {
            if (signal < 1 || signal > 64) {
                throw new IllegalArgumentException("not a signal number: " + signal);
            }
        }
        return new Launch(kind, target, args, workingDirectory, environment, stdin, stdout, stderr, flags,
                terminalStreams, signals);
    }

    /** See {@link #withIgnoredSignals}. */
    public Set<Integer> ignoredSignals() {
        return ignoredSignals;
    }

    /**
     * Which standard streams are the JVM process's own fds 0-2 (bits 0-2): a real OS child (subprocess) can
     * inherit those; to reach any other stream (the runtime server's client, an embedder's buffer) its output
     * must be pumped through a pipe.
     */
    public int osStandardStreams() {
        return (isFd(stdin, FileDescriptor.in) ? 1 : 0) | (isFd(stdout, FileDescriptor.out) ? 2 : 0)
                | (isFd(stderr, FileDescriptor.err) ? 4 : 0);
    }

    private static boolean isFd(Object stream, FileDescriptor fd) {
        try {
            return stream instanceof FileInputStream in ? in.getFD() == fd
                    : stream instanceof FileOutputStream out && out.getFD() == fd;
        } catch (IOException e) {
            return false;
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The script path, module name or code string. */
    public String target() {
        return target;
    }

    /** The arguments after the program. */
    public List<String> args() {
        return args;
    }

    /** {@code sys.argv} as CPython would set it for this launch. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(switch (kind) {
            case FILE -> target;
            case MODULE -> "-m"; // CPython shows "-m" until runpy replaces it by the module's path
            case CODE -> "-c";
            case STDIN -> "-";
        });
        argv.addAll(args);
        return argv;
    }

    /** The absolute working directory. */
    public Path workingDirectory() {
        return workingDirectory;
    }

    /** The environment of the program. */
    public Map<String, String> environment() {
        return environment;
    }

    /** Standard input. */
    public InputStream stdin() {
        return stdin;
    }

    /** Standard output. */
    public OutputStream stdout() {
        return stdout;
    }

    /** Standard error. */
    public OutputStream stderr() {
        return stderr;
    }

    /** The interpreter flags as given, before the {@code PYTHON*} environment variables are applied. */
    public PythonFlags flags() {
        return flags;
    }

    /** The flags in effect: those given, combined with the environment's {@code PYTHON*} variables. */
    public PythonFlags effectiveFlags() {
        return flags.resolvedAgainst(environment);
    }
}
