package dev.graalpymp.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.graalpymp.host.server.PrivateServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/graalpy-mp} as a user runs it: a real process, after the package phase built the jars. Compared
 * with what CPython 3.12's {@code python3} prints and returns.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("graalpy.mp.launcher", "../bin/graalpy-mp"))
            .toAbsolutePath().normalize();

    private static PrivateServers servers;

    @TempDir
    Path dir;

    @BeforeAll
    static void privateServerDirectory() throws IOException {
        servers = PrivateServers.create(LAUNCHER);
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.stopAll();
    }

    record Result(int status, String out, String err) {
    }

    private Result launch(Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().put("GRAALPY_MP_BUILD", "never");
        builder.environment().put("GRAALPY_MP_SERVER_DIR", servers.directory().toString());
        builder.environment().putAll(env);
        if (stdin == null) {
            builder.redirectInput(new File("/dev/null"));
        }
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(process.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
    }

    private Result launch(String... args) throws Exception {
        return launch(Map.of(), null, args);
    }

    @Test
    void printsAndExitsCleanly() throws Exception {
        assertEquals(new Result(0, "2\n", ""), launch("-c", "print(1+1)"));
    }

    @Test
    void xOptionsAsCPython() throws Exception {
        assertEquals(new Result(0, "{'faulthandler': True, 'foo': '1'} True 700\n", ""), launch("-X", "faulthandler",
                "-X", "foo=1", "-X", "int_max_str_digits=700", "-c", "import sys, faulthandler; "
                        + "print({k: v for k, v in sys._xoptions.items() if k != 'int_max_str_digits'}, "
                        + "faulthandler.is_enabled(), sys.get_int_max_str_digits())"));
        assertEquals(1, launch("-X", "int_max_str_digits=5", "-c", "pass").status());
    }

    @Test
    void exitStatusOfSysExit() throws Exception {
        assertEquals(new Result(3, "", ""), launch("-c", "import sys; sys.exit(3)"));
        // bool is an int, and the status is cast to a C int as CPython does; past a C long it is -1.
        assertEquals(new Result(1, "", ""), launch("-c", "import sys; sys.exit(True)"));
        assertEquals(new Result(3, "", ""), launch("-c", "import sys; sys.exit(2**40 + 3)"));
        assertEquals(new Result(255, "", ""), launch("-c", "import sys; sys.exit(2**70)"));
    }

    @Test
    void uncaughtExceptionTraceback() throws Exception {
        Result r = launch("-c", "1/0");
        assertEquals(1, r.status());
        assertTrue(r.err().startsWith("Traceback (most recent call last):\n"), r.err());
        assertTrue(r.err().endsWith("ZeroDivisionError: division by zero\n"), r.err());
    }

    @Test
    void missingScript() throws Exception {
        Result r = launch("nosuch.py");
        assertEquals(2, r.status());
        assertEquals(LAUNCHER + ": can't open file '" + dir.toRealPath().resolve("nosuch.py")
                + "': [Errno 2] No such file or directory\n", r.err());
    }

    @Test
    void scriptArgvPathAndStdin() throws IOException, Exception {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/s.py"), "import sys\nprint(sys.argv, sys.path[0], __file__, sys.stdin.read())\n");
        Result r = launch(Map.of(), "piped", "sub/s.py", "a");
        Path real = dir.toRealPath();
        assertEquals(new Result(0, "['sub/s.py', 'a'] " + real.resolve("sub") + " " + real.resolve("sub/s.py")
                + " piped\n", ""), r);
    }

    @Test
    void unbufferedOutputInterleavesWithStderrInWriteOrder() throws Exception {
        Result r = launch("-u", "-c", "import sys; print('a'); sys.stderr.write('b\\n'); print('c')");
        assertEquals(new Result(0, "a\nc\n", "b\n"), r);
    }

    @Test
    void theServerRunsWithTheJitByDefaultAndCanBeSwitchedOff() throws Exception {
        Result jit = launch("-VV");
        assertTrue(jit.out().startsWith("Python 3.12."), jit.out());
        assertTrue(!jit.out().contains("Truffle runtime: Interpreted"), "the JIT is not active: " + jit.out());
        assertEquals("", jit.err());
        // A server without the JIT (and without a class-data archive, whose making would outlive the test).
        Result interpreted = launch(Map.of("GRAALPY_MP_JIT", "0", "GRAALPY_MP_CDS", "0"), null, "-VV");
        assertTrue(interpreted.out().contains("Truffle runtime: Interpreted"), interpreted.out());
    }

    @Test
    void theJvmCanBeProfiledWhileItsProgramKeepsSigusr2() throws Exception {
        // JFR's sampler suspends threads with HotSpot's suspend signal: SIGUSR2 unless the launcher moves it, and
        // SIGUSR2 is the program's (a JVM of its own forwards it). Before, the first sample ended the run (140).
        String program = "import os, signal, time\n"
                + "got = []\nsignal.signal(signal.SIGUSR2, lambda signum, frame: got.append(signum))\n"
                + "print('ready', '_JAVA_SR_SIGNUM' in os.environ, flush=True)\n"
                + "deadline = time.monotonic() + 60\n"
                + "while not got and time.monotonic() < deadline:\n    time.sleep(0.05)\n"
                + "print('SIGUSR2' if got else 'no signal')\n";
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "-c", program).directory(dir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().putAll(Map.of("GRAALPY_MP_BUILD", "never", "GRAALPY_MP_SERVER", "0",
                "GRAALPY_MP_CDS", "0", "GRAALPY_MP_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + dir.resolve("run.jfr")));
        Process process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(dir.resolve("out")).contains("ready") && process.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        new ProcessBuilder("kill", "-USR2", Long.toString(process.pid())).inheritIO().start().waitFor();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "launcher did not finish");
        assertEquals(new Result(0, "ready False\nSIGUSR2\n", ""), new Result(process.exitValue(),
                Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err"))));
    }

    @Test
    void aJvmOfItsOwnRunsInterpretedFromAClassDataArchiveItMakesItself() throws Exception {
        // A cache directory of this test's own: the first run finds no archive and starts making one.
        Map<String, String> env = Map.of("GRAALPY_MP_SERVER", "0", "XDG_CACHE_HOME", dir.resolve("cache").toString());
        Result first = launch(env, null, "-VV");
        assertTrue(first.out().contains("Truffle runtime: Interpreted"), first.out());
        assertEquals("", first.err());
        Path archives = dir.resolve("cache/graalpy-mp");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!archiveWritten(archives)) { // JDK 25: a training run in the background; 21-24: at the run's end
            assertTrue(System.nanoTime() < deadline, "no class-data archive was made in " + archives);
            Thread.sleep(500);
        }
        assertEquals(new Result(0, "hi\n", ""), launch(env, null, "-c", "print('hi')"));
    }

    /** An archive exists and no training is under way (it would outlive the test). */
    private static boolean archiveWritten(Path archives) throws IOException {
        if (!Files.isDirectory(archives)) {
            return false;
        }
        try (var files = Files.walk(archives)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            return names.stream().noneMatch(n -> n.endsWith(".training"))
                    && names.stream().anyMatch(n -> n.endsWith(".aot") || n.endsWith(".cds"));
        }
    }

    @Test
    void nonDaemonThreadsAreJoinedBeforeExit() throws Exception {
        Result r = launch("-c", "import threading, time\n"
                + "threading.Thread(target=lambda: (time.sleep(0.3), print('late'))).start()\nprint('main')");
        assertEquals(new Result(0, "main\nlate\n", ""), r);
    }

    @Test
    void sigtermIgnoredThenRestoredEndsTheProgramAsCPython() throws Exception {
        // The JVM never lets a really ignored SIGTERM be caught again: SIG_IGN must stay undoable.
        Result r = launch("-c", "import signal, time\n"
                + "signal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.raise_signal(signal.SIGTERM)\n"
                + "print('ignored', signal.getsignal(signal.SIGTERM) is signal.SIG_IGN, flush=True)\n"
                + "signal.signal(signal.SIGTERM, signal.SIG_DFL)\nsignal.raise_signal(signal.SIGTERM)\n"
                + "time.sleep(10)\nprint('still running')");
        assertEquals(new Result(128 + 15, "ignored True\n", ""), r);
    }

    @Test
    void atexitFailuresAreReportedAndThreadsAreRefusedAtShutdown() throws Exception {
        Result r = launch("-c", "import atexit, threading\n"
                + "def start():\n    threading.Thread(target=print, args=('ran',)).start()\n"
                + "atexit.register(start)\natexit.register(print, 'first')\n");
        assertEquals(0, r.status());
        assertEquals("first\n", r.out());
        assertTrue(r.err().startsWith("Exception ignored in atexit callback: <function start at "), r.err());
        assertTrue(r.err().endsWith("RuntimeError: can't create new thread at interpreter shutdown\n"), r.err());
    }
}
