package dev.graalpymp.host;

import dev.graalpymp.kernel.PythonVisible;
import java.nio.charset.StandardCharsets;

/**
 * How a process starts, handed once to {@code graalpy_mp.main.run}, which reads it through the members marked
 * {@link PythonVisible}: the run's command line, what the process runs ({@link Program}), and for an
 * {@code os.fork()} child the record it replays before it goes live. Bytes reach Python as ISO-8859-1
 * characters (one per byte): a Java {@code byte[]} would arrive as a foreign array, read element by element.
 */
public final class ProcessStart {

    /** What a process runs. */
    sealed interface Program {
        /** The launch's own program: a script, a module, code or standard input. */
        record Launched(Launch.Kind kind, String target) implements Program {
        }

        /** A child of multiprocessing's fork start method: the parent's pickled state (graalpy_mp.mp.transfer). */
        record Transfer(byte[] state) implements Program {
        }

        /** A child of the spawn or forkserver start method: what its parent pickled to prepare it. */
        record Spawn(byte[] preparation) implements Program {
        }
    }

    private final Launch launch;
    private final Program program;
    private final byte[] replayLog; // null: the process starts live

    private ProcessStart(Launch launch, Program program, byte[] replayLog) {
        this.launch = launch;
        this.program = program;
        this.replayLog = replayLog;
    }

    /** The launch's own program, run live: a run's root process. */
    static ProcessStart of(Launch launch) {
        return new ProcessStart(launch, new Program.Launched(launch.kind(), launch.target()), null);
    }

    /** A multiprocessing child made by state transfer: {@code state} is what the parent pickled. */
    static ProcessStart transfer(Launch launch, byte[] state) {
        return new ProcessStart(launch, new Program.Transfer(state), null);
    }

    /** A multiprocessing child of the spawn or forkserver start method. */
    static ProcessStart spawn(Launch launch, byte[] preparation) {
        return new ProcessStart(launch, new Program.Spawn(preparation), null);
    }

    /**
     * This start's program re-executed by an {@code os.fork()} child of a process that runs it, replaying
     * {@code log} (that process's record) first: the launch's program, or a multiprocessing child's.
     */
    ProcessStart replaying(byte[] log) {
        return new ProcessStart(launch, program, log);
    }

    /** Whether the process replays a record before it goes live. */
    boolean replays() {
        return replayLog != null;
    }

    /** Whether this is a multiprocessing child's (fork by state transfer, spawn, forkserver). */
    boolean isMultiprocessingChild() {
        return !(program instanceof Program.Launched);
    }

    /**
     * {@code file}, {@code module}, {@code code}, {@code stdin} (the launch's program, as the launch says),
     * {@code transfer} or {@code spawn} (a multiprocessing child).
     */
    @PythonVisible
    public String kind() {
        return switch (program) {
            case Program.Launched launched -> switch (launched.kind()) {
                case FILE -> "file";
                case MODULE -> "module";
                case CODE -> "code";
                case STDIN -> "stdin";
            };
            case Program.Transfer transfer -> "transfer";
            case Program.Spawn spawn -> "spawn";
        };
    }

    /** The launch's program: the script's path, the module's name or the code; null for a multiprocessing child. */
    @PythonVisible
    public String target() {
        return program instanceof Program.Launched launched ? launched.target() : null;
    }

    /** A multiprocessing child's pickled start (its state or its preparation); null for the launch's program. */
    @PythonVisible
    public String pickled() {
        return switch (program) {
            case Program.Launched launched -> null;
            case Program.Transfer transfer -> characters(transfer.state());
            case Program.Spawn spawn -> characters(spawn.preparation());
        };
    }

    /** The record to replay before going live (an {@code os.fork()} child's), a marshal blob; null: start live. */
    @PythonVisible
    public String replayLog() {
        return characters(replayLog);
    }

    /** {@code sys.argv}. */
    @PythonVisible
    public String[] argv() {
        return launch.argv().toArray(String[]::new);
    }

    /** {@code -P}: no program directory prepended to {@code sys.path}. */
    @PythonVisible
    public boolean safePath() {
        return launch.effectiveFlags().safePath();
    }

    /** The {@code -X} options as given ({@code name} or {@code name=value}), which become {@code sys._xoptions}. */
    @PythonVisible
    public String[] xOptions() {
        return launch.effectiveFlags().xOptions().toArray(String[]::new);
    }

    /**
     * The signals the process starts with ignored: the launch's (see {@link Launch#withIgnoredSignals}); none for
     * a multiprocessing child, whose dispositions come from its parent, in its pickled start.
     */
    @PythonVisible
    public int[] ignoredSignals() {
        if (isMultiprocessingChild()) {
            return new int[0];
        }
        return launch.ignoredSignals().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static String characters(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
