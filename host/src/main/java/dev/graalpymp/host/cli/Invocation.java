package dev.graalpymp.host.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One command-line invocation of {@code graalpy-mp}, wherever it comes from (this JVM's own command line, or a
 * client of the runtime server): the words after the command, the environment, the working directory, the
 * standard streams, and whether standard input is a terminal (no program then means CPython's REPL).
 */
public record Invocation(List<String> args, Map<String, String> environment, Path workingDirectory,
                         InputStream stdin, OutputStream stdout, OutputStream stderr, boolean stdinIsTerminal) {

    /** Copies the lists so the record stays immutable. */
    public Invocation {
        args = List.copyOf(args);
        environment = Map.copyOf(environment);
    }
}
