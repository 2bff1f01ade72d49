package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Checker;
import dev.graalpymp.conformance.check.Verdict;
import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.run.ExampleRunner;
import dev.graalpymp.conformance.run.RunResult;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs examples of a corpus with one runner and mode, checks them against their specs, annotates them with
 * the waiting list and with the third-party module they could not import if CPython's recordings of them stop at
 * that import too ({@link MissingModule}), and keeps each run's raw output ({@code <id>.out/.err/.rc}) for debugging.
 */
public final class ConformanceSuite {
    private final Corpus corpus;
    private final ExampleRunner runner;
    private final Mode mode;
    private final WaitingList waiting;
    private final Optional<Path> rawOutputDir;
    private final List<PyPattern> stderrIgnore;

    public ConformanceSuite(Corpus corpus, ExampleRunner runner, Mode mode, WaitingList waiting,
                            Optional<Path> rawOutputDir, List<PyPattern> stderrIgnore) {
        if (mode == Mode.ANY) {
            throw new IllegalArgumentException("a suite runs either unbuffered or buffered");
        }
        this.corpus = corpus;
        this.runner = runner;
        this.mode = mode;
        this.waiting = waiting;
        this.rawOutputDir = rawOutputDir;
        this.stderrIgnore = List.copyOf(stderrIgnore);
    }

    /** Runs and checks one example; problems starting it become a FAIL, never an exception. */
    public ExampleOutcome run(String id) throws InterruptedException {
        Optional<WaitingEntry> entry = waiting.get(id);
        Spec spec;
        RunResult result;
        try {
            spec = corpus.spec(id);
            result = runner.run(spec, mode);
        } catch (IOException | RuntimeException e) {
            Verdict cannotRun = new Verdict(false, Optional.empty(), List.of("run: " + e));
            return new ExampleOutcome(id, Optional.empty(), cannotRun, entry);
        }
        writeRawOutput(id, result);
        Verdict verdict = Checker.evaluate(spec, result.stdoutText(), result.stderrText(), result.rc(), mode,
                stderrIgnore);
        if (!verdict.passed() && result.outputCutOff()) {
            verdict = withNote(verdict, "run: reading stopped before EOF (a process kept stdout/stderr open)");
        }
        Optional<String> missingModule = MissingModule.sharedBy(corpus.recordedRuns(mode, id), result.stderrText(),
                result.rc());
        return new ExampleOutcome(id, Optional.of(result), verdict, entry, missingModule);
    }

    private static Verdict withNote(Verdict verdict, String note) {
        List<String> reasons = new ArrayList<>(verdict.reasons());
        reasons.add(note);
        return new Verdict(false, verdict.matched(), reasons);
    }

    private void writeRawOutput(String id, RunResult result) {
        if (rawOutputDir.isEmpty()) {
            return;
        }
        Path dir = rawOutputDir.get();
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(id + ".out"), result.stdout());
            Files.write(dir.resolve(id + ".err"), result.stderr());
            Files.writeString(dir.resolve(id + ".rc"), result.rc() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write raw output of " + id + " to " + dir, e);
        }
    }
}
