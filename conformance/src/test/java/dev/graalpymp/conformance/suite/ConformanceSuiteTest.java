package dev.graalpymp.conformance.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graalpymp.conformance.run.ExampleRunner;
import dev.graalpymp.conformance.spec.Mode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The suite's judgement of an example that needs a third-party package, end to end: a corpus of one example whose
 * CPython recording stops at {@code import requests}, its spec accepting that ending or the output of a run with
 * the package, and {@code /bin/sh} standing in for the interpreter ({@code python3 x.sh} becomes {@code sh x.sh}).
 */
class ConformanceSuiteTest {
    private static final String NO_REQUESTS = "Traceback (most recent call last):\n"
            + "  File \"x.py\", line 1, in <module>\nModuleNotFoundError: No module named 'requests'\n";

    @TempDir
    Path temp;
    private Path corpus;

    @BeforeEach
    void corpusOfOneExample() throws IOException {
        corpus = temp.resolve("corpus");
        Files.createDirectories(corpus.resolve("spec"));
        Files.createDirectories(corpus.resolve("examples"));
        Files.createDirectories(corpus.resolve("cpython312"));
        Files.writeString(corpus.resolve("cpython312/x.run1.out"), "");
        Files.writeString(corpus.resolve("cpython312/x.run1.err"), NO_REQUESTS);
        Files.writeString(corpus.resolve("cpython312/x.run1.rc"), "1\n");
        Map<String, Object> missing = new LinkedHashMap<>();
        missing.put("name", "requests missing");
        missing.put("modes", List.of("unbuffered"));
        missing.put("expect_rc", List.of(1));
        missing.put("note", "dependency missing: the example is not exercised");
        missing.put("checks", List.of(Map.of("stream", "stdout", "kind", "exact", "text", ""),
                Map.of("stream", "stderr", "kind", "count", "text", "No module named 'requests'", "min", 1)));
        Map<String, Object> present = Map.of("name", "requests present", "modes", List.of("unbuffered"),
                "expect_rc", List.of(0), "checks", List.of(Map.of("stream", "stdout", "kind", "exact", "text", "ok\n")));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", "x");
        spec.put("argv", List.of("python3", "{corpus}/examples/x.sh"));
        spec.put("timeout_s", 20);
        spec.put("run", Map.of("cwd", "{workdir}", "stdin", "/dev/null", "env", Map.of()));
        spec.put("expect_rc", List.of(0, 1));
        spec.put("checks", List.of());
        spec.put("alternatives", List.of(present, missing));
        Files.writeString(corpus.resolve("spec/x.json"), new ObjectMapper().writeValueAsString(spec));
    }

    private Judgement.Kind judge(String shellScript) throws Exception {
        Files.writeString(corpus.resolve("examples/x.sh"), shellScript);
        ExampleRunner runner = new ExampleRunner(List.of("/bin/sh"), corpus, temp.resolve("scratch"), Map.of(), false);
        ConformanceSuite suite = new ConformanceSuite(new Corpus(corpus), runner, Mode.UNBUFFERED,
                WaitingList.empty(), Optional.empty(), List.of());
        return Judgement.of(suite.run("x")).kind();
    }

    @Test
    void stoppingAtTheImportCPythonStoppedAtIsNotExercised() throws Exception {
        assertEquals(Judgement.Kind.NOT_EXERCISED, judge("printf '%s' \"" + NO_REQUESTS + "\" >&2; exit 1"));
    }

    @Test
    void outputThatDiffersFromCPythonsFailsEvenWhenTheModuleIsMissing() throws Exception {
        assertEquals(Judgement.Kind.FAIL, judge("echo partial; printf '%s' \"" + NO_REQUESTS + "\" >&2; exit 1"));
    }

    @Test
    void aRunThatHasThePackageIsExercised() throws Exception {
        assertEquals(Judgement.Kind.PASS, judge("echo ok"));
    }
}
