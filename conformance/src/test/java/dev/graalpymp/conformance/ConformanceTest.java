package dev.graalpymp.conformance;

import dev.graalpymp.conformance.run.ExampleRunner;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.suite.ConformanceSuite;
import dev.graalpymp.conformance.suite.Corpus;
import dev.graalpymp.conformance.suite.ExampleOutcome;
import dev.graalpymp.conformance.suite.Judgement;
import dev.graalpymp.conformance.suite.MarkdownReport;
import dev.graalpymp.conformance.suite.ReadmeSummary;
import dev.graalpymp.conformance.suite.WaitingList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs every seed example under the launcher {@code bin/graalpy-mp} (protocol mode) and checks it against
 * its CPython 3.12 spec; one dynamic test per example, run one after the other.
 *
 * <p>The examples run on a runtime server of this test run's own ({@link PrivateServers}), as {@code bin/graalpy-mp}
 * runs programs by default: a run then starts in a fraction of a second instead of a JVM's 7-15 s. The few in
 * {@code conformance/own-jvm.tsv} run in a JVM of their own ({@code GRAALPY_MP_SERVER=0}): smoke runs of the
 * launcher's one-shot path for fork, threading and multiprocessing, and any example whose timing needs it.
 *
 * <p>A FAIL of an example listed in {@code conformance/waiting.tsv} is skipped (the capability it needs is not
 * built yet); a PASS of a listed example fails, so the list stays honest. An example not exercised (it stops at a
 * third-party import, as CPython's recordings do) is skipped with that reason. Afterwards {@code REPORT.md} is
 * written (to {@code target/} when only some examples ran, chosen with {@code -Dconformance.only=001_05,004_02}),
 * and each run's raw output is kept in {@code target/conformance-runs/}. {@code -Dgraalpy.mp.launcher=PATH}
 * runs the suite under another interpreter.
 */
class ConformanceTest {
    /** Every run: the tests use the launcher as built; it must not try to rebuild itself. */
    private static final Map<String, String> BUILT = Map.of("GRAALPY_MP_BUILD", "never");
    /**
     * The runs of the examples in own-jvm.tsv: a JVM of their own, without the runtime server, as
     * {@code GRAALPY_MP_SERVER=0} runs programs (the launcher's own start-up, its warm pool and exit, tested here)
     * and where an example's timing needs it; each row says why. Without a class-data archive: a first run
     * would start the archive's training in the background, which could outlive the suite (LauncherIT tests it).
     */
    private static final Map<String, String> OWN_JVM = Map.of("GRAALPY_MP_BUILD", "never", "GRAALPY_MP_SERVER", "0",
            "GRAALPY_MP_CDS", "0");

    private static final List<ExampleOutcome> OUTCOMES = new ArrayList<>();
    private static Path moduleDir;
    private static Path launcher;
    private static Path scratchRoot;
    private static boolean subset;
    private static List<String> forkTiming;
    private static PrivateServers servers;
    private static final int FORK_TIMING_ATTEMPTS = 3;

    @TestFactory
    Stream<DynamicTest> examples() throws IOException, InterruptedException {
        moduleDir = moduleDir();
        launcher = launcher(moduleDir);
        assertTrue(Files.isExecutable(launcher), () -> "the launcher " + launcher
                + " does not exist or is not executable: build the project first (mvn package), or point"
                + " -Dgraalpy.mp.launcher at an interpreter");
        Corpus corpus = new Corpus(moduleDir.resolve("corpus"));
        WaitingList waiting = WaitingList.load(moduleDir.resolve("waiting.tsv"));
        List<String> only = Arrays.stream(System.getProperty("conformance.only", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        subset = !only.isEmpty();
        scratchRoot = Files.createTempDirectory("gpmp-conformance-");
        servers = PrivateServers.create(moduleDir.getParent());
        Map<String, String> onServer = new HashMap<>(BUILT);
        onServer.putAll(servers.env());
        List<String> ownJvm = firstColumn(moduleDir.resolve("own-jvm.tsv"));
        assertTrue(corpus.ids().containsAll(ownJvm), () -> "own-jvm.tsv names an example the corpus has not: " + ownJvm);
        List<String> selected = corpus.select(only);
        if (selected.stream().anyMatch(ownJvm::contains)) {
            warmUp(OWN_JVM);
        }
        if (!ownJvm.containsAll(selected)) {
            warmUp(onServer);
            System.err.printf("ConformanceTest: the server settled %.0f s after its warm-up run%n",
                    servers.awaitSettled(Duration.ofSeconds(90)));
        }
        ConformanceSuite serverSuite = suite(corpus, waiting, onServer);
        ConformanceSuite ownJvmSuite = suite(corpus, waiting, OWN_JVM);
        return selected.stream().map(id -> ownJvm.contains(id)
                ? DynamicTest.dynamicTest(id + " (own JVM)", () -> runOne(ownJvmSuite, id))
                : DynamicTest.dynamicTest(id, () -> runOne(serverSuite, id)));
    }

    private static ConformanceSuite suite(Corpus corpus, WaitingList waiting, Map<String, String> env) {
        ExampleRunner runner = new ExampleRunner(List.of(launcher.toString()), corpus.dir(), scratchRoot, env, false);
        return new ConformanceSuite(corpus, runner, Mode.UNBUFFERED, waiting, Optional.of(rawOutputDir()), List.of());
    }

    /**
     * One untimed launch that forks and starts a multiprocessing child, before the first example of each kind: this
     * JVM's own start-up work and the machine's cold caches otherwise fall on the first example (001_01's 0.2 s
     * sleepers outlived its polls only there, 3 of 3 fresh-clone runs), and on the server the first run would start
     * the server and boot its warm contexts. It runs with the examples' flags and Python variables, so that the
     * server's warm contexts suit them. Its outcome is not judged: every example is checked on its own.
     */
    private static void warmUp(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "-u", "-c", """
                import multiprocessing, os
                pid = os.fork()
                if pid == 0:
                    os._exit(0)
                os.waitpid(pid, 0)
                if __name__ == '__main__':
                    p = multiprocessing.Process(target=print)
                    p.start()
                    p.join()
                """).directory(scratchRoot.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().keySet().removeIf(name -> name.startsWith("PYTHON"));
        builder.environment().putAll(Map.of("PYTHONUNBUFFERED", "1", "PYTHONDONTWRITEBYTECODE", "1",
                "LANG", "C.UTF-8"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private static void runOne(ConformanceSuite suite, String id) throws IOException, InterruptedException {
        ExampleOutcome outcome = suite.run(id);
        int attempts = 1;
        while (Judgement.of(outcome).kind() == Judgement.Kind.FAIL && forkTiming().contains(id)
                && attempts < FORK_TIMING_ATTEMPTS) {
            attempts++;
            outcome = suite.run(id);
        }
        if (attempts > 1) {
            System.err.println("ConformanceTest: " + id + " (fork-timing.tsv) ran " + attempts + " times, last: "
                    + Judgement.of(outcome).kind());
        }
        OUTCOMES.add(outcome);
        Judgement judgement = Judgement.of(outcome);
        switch (judgement.kind()) {
            case PASS -> {
            }
            case NOT_EXERCISED -> Assumptions.abort(judgement.message());
            case WAITING -> Assumptions.abort(judgement.message());
            case PASSES_BUT_MARKED_WAITING -> fail(judgement.message());
            case FAIL -> fail(failureMessage(outcome));
        }
    }

    /**
     * Examples whose CPython timing a fork of tens of milliseconds cannot always meet (conformance/fork-timing.tsv,
     * each with the measured reason): a failure is run again, up to FORK_TIMING_ATTEMPTS in all, and reported.
     */
    private static List<String> forkTiming() throws IOException {
        if (forkTiming == null) {
            forkTiming = firstColumn(moduleDir.resolve("fork-timing.tsv"));
        }
        return forkTiming;
    }

    /** The example ids of a list with a header line and one tab-separated row per example (id first). */
    private static List<String> firstColumn(Path tsv) throws IOException {
        try (Stream<String> lines = Files.lines(tsv)) {
            return lines.skip(1).filter(line -> !line.isBlank()).map(line -> line.split("\t")[0]).toList();
        }
    }

    private static String failureMessage(ExampleOutcome outcome) {
        StringBuilder message = new StringBuilder(outcome.verdict().firstFailure());
        outcome.verdict().reasons().stream().skip(1).forEach(r -> message.append("\n  - ").append(r));
        message.append("\nraw output: ").append(rawOutputDir().resolve(outcome.id())).append(".{out,err,rc}");
        return message.toString();
    }

    @AfterAll
    static void writeReportAndCleanUp() throws IOException, InterruptedException {
        if (servers != null) {
            servers.stop();
        }
        if (scratchRoot != null) {
            try (Stream<Path> paths = Files.walk(scratchRoot)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (OUTCOMES.isEmpty()) {
            return;
        }
        Path root = moduleDir.getParent();
        String shownLauncher = launcher.startsWith(root) ? root.relativize(launcher).toString() : launcher.toString();
        List<String> preamble = List.of(
                "Every seed example run by `ConformanceTest` (`mvn verify`) under `" + shownLauncher
                        + "` with `GRAALPY_MP_BUILD=never`, in protocol mode (`-u`, checked with `--mode unbuffered`)"
                        + " against its CPython 3.12 spec in `conformance/corpus/spec/`: on a runtime server of the"
                        + " suite's own, except the examples in `conformance/own-jvm.tsv` (a JVM of their own,"
                        + " `GRAALPY_MP_SERVER=0`; the file says why for each).",
                "A FAIL with an issue in *waiting for* is expected until that capability is built"
                        + " (`conformance/waiting.tsv`); raw outputs are in `conformance/target/conformance-runs/`.",
                "NOT EXERCISED: CPython's recorded runs of the example stop importing a third-party module that"
                        + " cannot be installed here (no PyPI access), and this run stops there too; the example's"
                        + " code never ran, so it counts neither as passed nor as failed.");
        Path report = subset ? moduleDir.resolve("target").resolve("REPORT.md") : moduleDir.resolve("REPORT.md");
        MarkdownReport.write(report, "Conformance report", preamble, OUTCOMES);
        if (!subset) {
            ReadmeSummary.update(root.resolve("README.md"), OUTCOMES);
        }
    }

    private static Path rawOutputDir() {
        return moduleDir.resolve("target").resolve("conformance-runs");
    }

    /** The conformance module folder: set by the pom, else the working directory (surefire runs there). */
    private static Path moduleDir() {
        String property = System.getProperty("conformance.moduleDir");
        if (property != null) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("corpus")) ? cwd : cwd.resolve("conformance");
    }

    /** {@code -Dgraalpy.mp.launcher}, else {@code bin/graalpy-mp} in the project root (the module's parent). */
    private static Path launcher(Path module) {
        String property = System.getProperty("graalpy.mp.launcher");
        Path path = property != null ? Path.of(property) : module.getParent().resolve("bin").resolve("graalpy-mp");
        return path.toAbsolutePath().normalize();
    }
}
