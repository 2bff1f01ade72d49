package dev.graalpymp.conformance.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs that ended because a third-party module is not installed: a non-zero exit status and, as the last line of
 * stderr, {@code ModuleNotFoundError: No module named 'x'} where x's top-level package is not in CPython 3.12's
 * standard library ({@code sys.stdlib_module_names}, kept in {@code cpython312-stdlib-modules.txt}).
 *
 * <p>Why: some seed examples need packages from PyPI (requests, fastapi, gevent), which these machines cannot
 * install, so CPython's recorded runs of them end at the import and their specs accept that ending. A PASS of such
 * an example only shows that graalpy-mp fails the same way: nothing of the example ran. The suite counts them apart
 * ({@link Judgement.Kind#NOT_EXERCISED}), decided from the recordings rather than from a list of ids, so that an
 * example whose package becomes installable is exercised again once it is recorded anew. A missing standard-library
 * module is never such a case: that is something the interpreter lacks, and it fails as usual.
 */
public final class MissingModule {
    private static final Pattern ERROR = Pattern.compile("ModuleNotFoundError: No module named '([^']+)'");
    private static final String STDLIB_RESOURCE = "cpython312-stdlib-modules.txt";
    private static final Set<String> STDLIB = loadStdlib();

    private MissingModule() {
    }

    /** The third-party module whose absence ended this run (as the error names it), if that is how it ended. */
    public static Optional<String> endedRun(String stderr, int rc) {
        if (rc == 0) {
            return Optional.empty();
        }
        String text = stderr.stripTrailing();
        String lastLine = text.substring(text.lastIndexOf('\n') + 1);
        Matcher m = ERROR.matcher(lastLine);
        if (!m.matches()) {
            return Optional.empty();
        }
        String module = m.group(1);
        String topLevel = module.split("\\.", 2)[0];
        return STDLIB.contains(topLevel) ? Optional.empty() : Optional.of(module);
    }

    /**
     * The third-party module whose absence ended every one of the recorded runs; empty when there are no
     * recordings, when any of them ended otherwise, or when they name different modules.
     */
    public static Optional<String> endedRecordings(List<RecordedRun> recordings) {
        Set<Optional<String>> modules = recordings.stream().map(MissingModule::endedRecording)
                .collect(Collectors.toSet());
        return modules.size() == 1 ? modules.iterator().next() : Optional.empty();
    }

    /**
     * The module both the recordings and this run failed to import: the example was not exercised here. Empty when
     * either got past it (a run that has the package is judged by its output alone).
     */
    public static Optional<String> sharedBy(List<RecordedRun> recordings, String stderr, int rc) {
        Optional<String> ours = endedRun(stderr, rc);
        return ours.isPresent() && ours.equals(endedRecordings(recordings)) ? ours : Optional.empty();
    }

    private static Optional<String> endedRecording(RecordedRun run) {
        try {
            return endedRun(run.stderr(), run.rc());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the recorded run " + run, e);
        }
    }

    private static Set<String> loadStdlib() {
        try (InputStream in = MissingModule.class.getResourceAsStream(STDLIB_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + STDLIB_RESOURCE + " is missing");
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .collect(Collectors.toUnmodifiableSet());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + STDLIB_RESOURCE, e);
        }
    }
}
