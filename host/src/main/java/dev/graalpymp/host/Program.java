package dev.graalpymp.host;

import java.nio.charset.StandardCharsets;

/**
 * What a process runs, as {@code graalpy_mp.main.run} takes it: a kind ({@code file}, {@code module},
 * {@code code}, {@code stdin} as the launch says, or {@code transfer} for a child of multiprocessing's fork
 * start method), its target (path, module name, source, or the parent's state), and for an {@code os.fork()}
 * child the record it replays before going live.
 */
record Program(String kind, String target, byte[] replayLog) {

    private static final String TRANSFER = "transfer";

    /** The launch's own program, run live. */
    static Program of(Launch launch) {
        return new Program(kindName(launch.kind()), launch.target(), null);
    }

    /**
     * This program re-executed by an {@code os.fork()} child of a process that runs it, replaying {@code log}
     * (that process's record) first: the launch's program, or a multiprocessing child's transfer.
     */
    Program replaying(byte[] log) {
        return new Program(kind, target, log);
    }

    /** Whether this is a multiprocessing child's (fork by state transfer, spawn, forkserver). */
    boolean isTransfer() {
        return kind.equals(TRANSFER);
    }

    /** A multiprocessing child made by state transfer: {@code state} is what the parent pickled. */
    static Program transfer(byte[] state) {
        return new Program(TRANSFER, new String(state, StandardCharsets.ISO_8859_1), null);
    }

    private static String kindName(Launch.Kind kind) {
        return switch (kind) {
            case FILE -> "file";
            case MODULE -> "module";
            case CODE -> "code";
            case STDIN -> "stdin";
        };
    }
}
