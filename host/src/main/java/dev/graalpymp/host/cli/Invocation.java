package dev.graalpymp.host.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command-line invocation of {@code graalpy-mp}, wherever it comes from (this JVM's own command line, or a
 * client of the runtime server): the words after the command, the environment, the working directory, the
 * standard streams, and which of them are a terminal (bits 0-2 for stdin, stdout, stderr; see
 * {@code Launch.withTerminalStreams}).
 */
public record Invocation(List<String> args, Map<String, String> environment, Path workingDirectory,
                         InputStream stdin, OutputStream stdout, OutputStream stderr, int terminalStreams) {

    /** Copies the lists so the record stays immutable. */
    public Invocation {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
    }

    /** No program and a terminal as stdin: CPython would start its REPL. */
    public boolean stdinIsTerminal() {
        return (terminalStreams & 1) != 0;
    }
}
