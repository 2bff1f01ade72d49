package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;
import dev.graalpymp.conformance.spec.SpecParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The seed corpus folder: {@code examples/<id>.py}, {@code spec/<id>.json} and recorded reference runs
 * ({@code cpython312/}, {@code cpython312-buffered/}). The examples are the spec files' ids.
 */
public final class Corpus {
    private static final Pattern RUN_FILE = Pattern.compile("(.+)\\.(run[0-9]+)\\.out");

    private final Path dir;

    public Corpus(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.dir.resolve("spec"))) {
            throw new IllegalArgumentException("not a corpus folder (no spec/): " + this.dir);
        }
    }

    /**
     * Finds the corpus: the {@code conformance.corpus} system property, else {@code corpus/} next to the
     * module's {@code target/} this code was loaded from, else {@code corpus/} or {@code conformance/corpus/}
     * under the working directory.
     */
    public static Corpus locate() {
        String property = System.getProperty("conformance.corpus");
        if (property != null) {
            return new Corpus(Path.of(property));
        }
        List<Path> candidates = new ArrayList<>();
        try {
            Path code = Path.of(Corpus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = code; p != null; p = p.getParent()) {
                if (p.getFileName() != null && p.getFileName().toString().equals("target")) {
                    candidates.add(p.resolveSibling("corpus"));
                    break;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // No usable code location: fall back to the working directory.
        }
        Path cwd = Path.of("").toAbsolutePath();
        candidates.add(cwd.resolve("corpus"));
        candidates.add(cwd.resolve("conformance").resolve("corpus"));
        for (Path c : candidates) {
            if (Files.isDirectory(c.resolve("spec"))) {
                return new Corpus(c);
            }
        }
        throw new IllegalStateException("cannot find the corpus (tried " + candidates
                + "); pass --corpus or -Dconformance.corpus");
    }

    /** The corpus folder ({@code {corpus}} in specs). */
    public Path dir() {
        return dir;
    }

    /** All example ids, sorted. */
    public List<String> ids() {
        try (Stream<Path> files = Files.list(dir.resolve("spec"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The ids named by {@code filters}, in corpus order; a filter is a full id or a prefix such as
     * {@code 001_05}. A filter that names nothing is an error (a typo must not silently run nothing).
     */
    public List<String> select(Collection<String> filters) {
        List<String> all = ids();
        if (filters.isEmpty()) {
            return all;
        }
        for (String f : filters) {
            if (all.stream().noneMatch(id -> matches(id, f))) {
                throw new IllegalArgumentException("no example matches '" + f + "'");
            }
        }
        return all.stream().filter(id -> filters.stream().anyMatch(f -> matches(id, f))).toList();
    }

    private static boolean matches(String id, String filter) {
        return id.equals(filter) || id.startsWith(filter + "_");
    }

    /** Loads the spec of an example. */
    public Spec spec(String id) {
        return SpecParser.load(dir.resolve("spec").resolve(id + ".json"));
    }

    /**
     * CPython 3.12's recorded runs of one example in a mode: {@code cpython312/} holds the protocol runs,
     * {@code cpython312-buffered/} the buffered ones. None when the corpus has no such folder.
     */
    public List<RecordedRun> recordedRuns(Mode mode, String id) {
        String folder = switch (mode) {
            case UNBUFFERED -> "cpython312";
            case BUFFERED -> "cpython312-buffered";
            case ANY -> throw new IllegalArgumentException("recordings are of one mode, not " + mode.key());
        };
        if (!Files.isDirectory(dir.resolve(folder))) {
            return List.of();
        }
        return recordedRuns(folder).stream().filter(run -> run.id().equals(id)).toList();
    }

    /** The recorded runs in a sub-folder such as "cpython312", sorted by id and label. */
    public List<RecordedRun> recordedRuns(String folder) {
        Path runs = dir.resolve(folder);
        List<RecordedRun> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(runs)) {
            for (Path p : files.sorted().toList()) {
                Matcher m = RUN_FILE.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.add(new RecordedRun(m.group(1), m.group(2), runs.resolve(m.group(1) + "." + m.group(2))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
