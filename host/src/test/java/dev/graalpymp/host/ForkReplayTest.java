package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** os.fork by re-execution, seen from the embedding API: outputs, statuses, orphans, divergence. */
class ForkReplayTest {

    private static final PythonRuntime runtime = SharedRuntime.get();

    @TempDir
    Path dir;


    record Result(int status, String out, String err) {
    }

    private Result run(String program) throws IOException {
        Path script = dir.resolve("prog.py");
        Files.writeString(script, program);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = runtime.run(Launch.script(script).withWorkingDirectory(dir).withUnbuffered(true)
                .withStdout(out).withStderr(err));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outputBeforeTheForkIsNotRepeatedByTheChild() throws IOException {
        Result r = run("""
                import os
                print('once')
                pid = os.fork()
                if pid == 0:
                    print('child')
                    os._exit(0)
                os.waitpid(pid, 0)
                print('parent')
                """);
        assertEquals(new Result(0, "once\nchild\nparent\n", ""), r);
    }

    @Test
    void runWaitsForOrphansAndTheirOutput() throws IOException {
        Result r = run("""
                import os, time
                if os.fork() == 0:
                    time.sleep(0.5)
                    print('orphan', flush=True)
                """);
        assertEquals(new Result(0, "orphan\n", ""), r);
    }

    @Test
    void aChildThatFailsBeforeItsForkIsHeard() throws IOException {
        // The re-executed child raises before reaching its fork (the file is gone): its traceback must show.
        Files.writeString(dir.resolve("once"), "x");
        Result r = run("""
                import os
                with open('once') as f:
                    f.read()
                os.remove('once')
                pid = os.fork()
                if pid:
                    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
                """);
        assertEquals("1\n", r.out());
        assertTrue(r.err().endsWith("FileNotFoundError: [Errno 2] No such file or directory: 'once'\n"), r.err());
    }

    @Test
    void uncaughtExceptionInTheChildPrintsItsTraceback() throws IOException {
        Result r = run("""
                import os
                pid = os.fork()
                if pid == 0:
                    raise ValueError('in child')
                print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
                """);
        assertEquals("1\n", r.out());
        assertTrue(r.err().startsWith("Traceback (most recent call last):\n"), r.err());
        assertTrue(r.err().endsWith("ValueError: in child\n"), r.err());
    }

    @Test
    void aDivergingChildEndsAtOnceNamingTheFirstDifferentCall() throws IOException {
        // The counter file is not part of the record: the re-executed child reads 1, skips the parent's pipe().
        Files.writeString(dir.resolve("counter"), "0");
        Result r = run("""
                import os
                with open('counter') as f:
                    n = int(f.read())
                with open('counter', 'w') as f:
                    f.write(str(n + 1))
                if n == 0:
                    os.pipe()
                pid = os.fork()
                if pid:
                    print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
                """);
        assertEquals("1\n", r.out());
        // (the call number counts the overlays' own recorded calls too, such as random's seed from os.urandom)
        assertTrue(r.err().matches("(?s)graalpy-mp: os.fork\\(\\) child diverged from its parent at "
                + "call #\\d+: the parent made pipe\\(\\), the child re-executing the program made fork\\(\\).*"), r.err());
    }
}
