package dev.graalpymp.host.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command-line invocation of {@code graalpy-mp}, wherever it comes from (this JVM's own command line, or a
 * client of the runtime server): the words after the command, the environment, the working directory, the
 * standard streams, which of them are a terminal (bits 0-2 for stdin, stdout, stderr; see
 * {@code Launch.withTerminalStreams}), and the signals its OS process started with ignored (see
 * {@code Launch.withIgnoredSignals}).
 */
public record Invocation(List<String> args, Map<String, String> environment, Path workingDirectory,
                         InputStream stdin, OutputStream stdout, OutputStream stderr, int terminalStreams,
                         Set<Integer> ignoredSignals) {

    /** Copies the collections so the record stays immutable. */
    public Invocation {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
        ignoredSignals = Set.copyOf(ignoredSignals);
    }

    /** No program and a terminal as stdin: CPython would start its REPL. */
    public boolean stdinIsTerminal() {
        return (terminalStreams & 1) != 0;
    }
}
