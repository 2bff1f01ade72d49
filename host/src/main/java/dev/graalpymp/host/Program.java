package dev.graalpymp.host;

import java.nio.charset.StandardCharsets;

/**
 * What a process runs, as {@code graalpy_mp.main.run} takes it: a kind ({@code file}, {@code module},
 * {@code code}, {@code stdin} as the launch says, or {@code transfer} for a child of multiprocessing's fork
 * start method), its target (path, module name, source, or the parent's state), and for an {@code os.fork()}
 * child the record it replays before going live.
 */
record Program(String kind, String target, byte[] replayLog) {

    /** The launch's own program, run live. */
    static Program of(Launch launch) {
        return new Program(kindName(launch.kind()), launch.target(), null);
    }

    /** The launch's program re-executed by an {@code os.fork()} child, replaying {@code log} first. */
    static Program replaying(Launch launch, byte[] log) {
        return new Program(kindName(launch.kind()), launch.target(), log);
    }

    /** A multiprocessing child made by state transfer: {@code state} is what the parent pickled. */
    static Program transfer(byte[] state) {
        return new Program("transfer", new String(state, StandardCharsets.ISO_8859_1), null);
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
