package dev.graalpymp.conformance.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;
import dev.graalpymp.conformance.spec.SpecParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner with {@code /bin/sh} standing in for the interpreter ({@code python3 -c X} becomes {@code sh -c X}). */
class ExampleRunnerTest {
    @TempDir
    Path temp;

    private static Spec shellSpec(String script, double timeoutSeconds) throws JsonProcessingException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("cwd", "{workdir}");
        run.put("stdin", "/dev/null");
        run.put("env", Map.of("PYTHONUNBUFFERED", "1", "TMPDIR", "{tmpdir}", "CORPUS_SEEN", "{corpus}/x"));
        run.put("buffered_variant", Map.of("argv", List.of("python3", "-c", script),
                "env_unset", List.of("PYTHONUNBUFFERED")));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("id", "shell");
        spec.put("argv", List.of("python3", "-c", script));
        spec.put("timeout_s", timeoutSeconds);
        spec.put("run", run);
        spec.put("expect_rc", List.of(0));
        spec.put("checks", List.of());
        return SpecParser.parse(new ObjectMapper().writeValueAsString(spec));
    }

    private ExampleRunner runner(Map<String, String> extraEnv) {
        return new ExampleRunner(List.of("/bin/sh"), temp.resolve("corpus"), temp.resolve("scratch"), extraEnv, false);
    }

    @Test
    void placeholdersWorkingDirectoryEnvironmentAndStdin() throws Exception {
        String script = "pwd; echo \"$TMPDIR\"; echo \"$CORPUS_SEEN\"; echo \"${PYTHONUNBUFFERED-unset}\";"
                + " echo \"$EXTRA\"; cat; echo err >&2; exit 3";
        RunResult r = runner(Map.of("EXTRA", "extra")).run(shellSpec(script, 10), Mode.UNBUFFERED);
        List<String> lines = List.of(r.stdoutText().split("\n"));
        assertTrue(lines.get(0).startsWith(temp.resolve("scratch").toString()) && lines.get(0).endsWith("/work"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith("/tmp") && !lines.get(1).equals(lines.get(0)), lines.get(1));
        assertEquals(temp.resolve("corpus").toAbsolutePath() + "/x", lines.get(2));
        assertEquals("1", lines.get(3));
        assertEquals("extra", lines.get(4));
        assertEquals(5, lines.size(), "stdin must be empty");
        assertEquals("err\n", r.stderrText());
        assertEquals(3, r.rc());
        assertFalse(r.timedOut());
    }

    @Test
    void bufferedVariantUnsetsVariables() throws Exception {
        RunResult r = runner(Map.of()).run(shellSpec("echo \"${PYTHONUNBUFFERED-unset}\"", 10), Mode.BUFFERED);
        assertEquals("unset\n", r.stdoutText());
    }

    @Test
    void outputOfAnOrphanIsReadUntilEof() throws Exception {
        RunResult r = runner(Map.of()).run(shellSpec("(sleep 1; echo late) & echo early", 20), Mode.UNBUFFERED);
        assertEquals("early\nlate\n", r.stdoutText());
        assertEquals(0, r.rc());
        assertTrue(r.wallSeconds() >= 0.9, () -> "wall " + r.wallSeconds());
        assertTrue(r.exitSeconds() < r.wallSeconds());
    }

    @Test
    void timeoutKillsTheWholeTreeWithStatus124() throws Exception {
        String script = "sleep 60 & echo $!; sleep 60";
        RunResult r = runner(Map.of()).run(shellSpec(script, 1), Mode.UNBUFFERED);
        assertTrue(r.timedOut());
        assertEquals(RunResult.TIMEOUT_RC, r.rc());
        long child = Long.parseLong(r.stdoutText().strip());
        assertTrue(endsWithin(child, 5000), "background child survived");
        assertTrue(r.wallSeconds() < 8, () -> "wall " + r.wallSeconds());
    }

    /** True once the process is gone or a zombie (re-parented zombies are reaped whenever init gets to it). */
    private static boolean endsWithin(long pid, long millis) throws InterruptedException, IOException {
        long deadline = System.currentTimeMillis() + millis;
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        while (System.currentTimeMillis() < deadline) {
            if (!Files.exists(stat)) {
                return true;
            }
            try {
                String s = Files.readString(stat);
                if (s.substring(s.lastIndexOf(')') + 2).startsWith("Z")) {
                    return true;
                }
            } catch (NoSuchFileException e) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void anOrphanHoldingThePipesIsKilledAtTheTimeout() throws Exception {
        // The orphan keeps stdout open forever; the parent waits long enough to be seen as its parent.
        RunResult r = runner(Map.of()).run(shellSpec("sleep 60 & echo parent done; sleep 0.5", 2), Mode.UNBUFFERED);
        assertEquals("parent done\n", r.stdoutText());
        assertEquals(0, r.rc());
        assertFalse(r.timedOut());
        assertFalse(r.outputCutOff());
        assertTrue(r.wallSeconds() < 8, () -> "wall " + r.wallSeconds());
    }

    @Test
    void aMissingInterpreterFailsFastInsteadOfHanging() throws Exception {
        ExampleRunner missing = new ExampleRunner(List.of(temp.resolve("no-such-python").toString()),
                temp.resolve("corpus"), temp.resolve("scratch"), Map.of(), false);
        long start = System.nanoTime();
        assertThrows(IOException.class, () -> missing.run(shellSpec("true", 10), Mode.UNBUFFERED));
        assertTrue(System.nanoTime() - start < 5_000_000_000L);
    }
}
