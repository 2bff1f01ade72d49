package dev.graalpymp.conformance.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One recorded reference run in the corpus ({@code <dir>/<id>.runN.{out,err,rc}}).
 *
 * @param id    the example id
 * @param label the run label, e.g. "run1"
 * @param base  the path without the {@code .out/.err/.rc} extension
 */
public record RecordedRun(String id, String label, Path base) {
    public String stdout() throws IOException {
        return read(".out");
    }

    public String stderr() throws IOException {
        return read(".err");
    }

    public int rc() throws IOException {
        return Integer.parseInt(read(".rc").strip());
    }

    private String read(String extension) throws IOException {
        Path file = base.resolveSibling(base.getFileName() + extension);
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return id + "." + label;
    }
}
