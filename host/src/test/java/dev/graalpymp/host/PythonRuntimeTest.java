package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API, used as a Java application would: one runtime (one Engine) shared by every test. */
class PythonRuntimeTest {

    private static final PythonRuntime runtime = SharedRuntime.get();

    @TempDir
    Path dir;


    /** Output of one run. */
    record Result(int status, String out, String err) {
    }

    private static Result run(Launch launch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = runtime.run(launch.withStdout(out).withStderr(err));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scriptStartsThreadsAndTheirOutputIsRead() throws IOException {
        Path script = dir.resolve("workers.py");
        Files.writeString(script, """
                import threading, sys
                results = []
                lock = threading.Lock()
                def work(n):
                    with lock:
                        results.append(n * n)
                threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
                for t in threads: t.start()
                for t in threads: t.join()
                print(sorted(results), sys.argv[1:], threading.active_count())
                """);
        Result r = run(Launch.script(script, "a", "b"));
        assertEquals(new Result(0, "[0, 1, 4, 9, 16, 25, 36, 49] ['a', 'b'] 1\n", ""), r);
    }

    @Test
    void nonDaemonThreadsFinishBeforeAtexitAndTheStatusIsReturned() {
        Result r = run(Launch.code("""
                import threading, time, atexit
                atexit.register(lambda: print('atexit'))
                threading.Thread(target=lambda: (time.sleep(0.2), print('worker'))).start()
                threading.Thread(target=lambda: (time.sleep(60), print('never')), daemon=True).start()
                print('main')
                """));
        assertEquals(new Result(0, "main\nworker\natexit\n", ""), r);
    }

    @Test
    void hostThreadsKeptForReuseDoNotHoldTheEnd() {
        // Finished Threads leave their host threads waiting up to 30 s for the next Thread (overlay thread_reuse).
        long start = System.nanoTime();
        Result r = run(Launch.code("""
                import threading
                from concurrent.futures import ThreadPoolExecutor
                for _ in range(20):
                    t = threading.Thread(target=int); t.start(); t.join()
                with ThreadPoolExecutor(4) as pool:
                    total = sum(pool.map(abs, range(-100, 0)))
                print(total, threading.active_count())
                """));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(new Result(0, "5050 1\n", ""), r);
        assertTrue(seconds < 20, "the process waited for its idle host threads: " + seconds + " s");
    }

    @Test
    void uncaughtExceptionPrintsACPythonTracebackAndReturnsOne() {
        Result r = run(Launch.code("1/0"));
        assertEquals(1, r.status());
        assertEquals("""
                Traceback (most recent call last):
                  File "<string>", line 1, in <module>
                ZeroDivisionError: division by zero
                """, r.err());
    }

    @Test
    void exitStatusesFollowCPython() {
        assertEquals(3, run(Launch.code("import sys; sys.exit(3)")).status());
        assertEquals(new Result(1, "", "bye\n"), run(Launch.code("import sys; sys.exit('bye')")));
        assertEquals(0, run(Launch.code("raise SystemExit")).status());
        assertEquals(7, run(Launch.code("import os; os._exit(7)")).status());
    }

    @Test
    void missingScriptExitsWithTwoAndCPythonsMessage() {
        Result r = run(Launch.script(dir.resolve("nosuch.py")).withWorkingDirectory(dir));
        assertEquals(2, r.status());
        assertTrue(r.err().endsWith(": can't open file '" + dir.resolve("nosuch.py")
                + "': [Errno 2] No such file or directory\n"), r.err());
    }

    @Test
    void environmentWorkingDirectoryAndStdinAreTheLaunchs() {
        Launch launch = Launch.code("import os, sys; print(os.environ.get('GREETING'), os.getcwd(), sys.stdin.read())")
                .withEnvironment(Map.of("GREETING", "hi"))
                .withWorkingDirectory(dir)
                .withStdin(new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8)));
        assertEquals(new Result(0, "hi " + dir + " from stdin\n", ""), run(launch));
    }

    @Test
    void javaClassesAreNotReachableFromPython() {
        Result r = run(Launch.code("import java; java.type('java.lang.System').exit(5)"));
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("Error"), r.err());
    }

    @Test
    void moduleRunsAsMainWithItsPathInArgv() throws IOException {
        Files.writeString(dir.resolve("hello_mod.py"), "import sys\nprint(__name__, sys.argv[0].endswith('hello_mod.py'))\n");
        Result r = run(Launch.module("hello_mod", "x").withWorkingDirectory(dir));
        assertEquals(new Result(0, "__main__ True\n", ""), r);
    }

    @Test
    void leakedSharedMemoryIsRemovedWithCPythonsWarningOnceTheProgramEnds() {
        Result r = run(Launch.code("""
                from multiprocessing import shared_memory
                block = shared_memory.SharedMemory(create=True, size=8)
                print(block.name)
                block.close()
                """));
        assertEquals(0, r.status(), r.err());
        String name = r.out().strip();
        assertTrue(r.err().matches("(?s).*multiprocessing/resource_tracker\\.py:\\d+: UserWarning: resource_tracker: "
                + "There appear to be 1 leaked shared_memory objects to clean up at shutdown\n"
                + "  warnings\\.warn\\('resource_tracker: There appear to be %d '\n"), r.err());
        assertFalse(Files.exists(Path.of("/dev/shm", name)), name + " was left in /dev/shm");
    }

    @Test
    void aSubprocessLeftRunningAtExitStaysRunningAsWithCPython() {
        Result r = run(Launch.code("""
                import subprocess
                child = subprocess.Popen(['sleep', '2'])
                print('started')
                """));
        assertEquals(new Result(0, "started\n", ""), r);
    }

    @Test
    void concurrentRunsAreIndependent() throws Exception {
        // A run returns once its own processes have ended, not another run's (each run counts its children).
        Path release = dir.resolve("release");
        java.util.concurrent.CompletableFuture<Result> slow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> run(Launch.code("""
                        import os, sys, time
                        pid = os.fork()
                        if pid == 0:
                            while not os.path.exists(sys.argv[1]):
                                time.sleep(0.05)
                            os._exit(0)
                        print('parent done')
                        """, release.toString()).withWorkingDirectory(dir)));
        Result quick = run(Launch.code("import os; print(os.getcwd() == os.environ['HERE'])")
                .withWorkingDirectory(dir).withEnvironment(Map.of("HERE", dir.toString())));
        assertEquals(new Result(0, "True\n", ""), quick);
        assertFalse(slow.isDone(), "the slow run's child is still running");
        Files.writeString(release, "");
        assertEquals(new Result(0, "parent done\n", ""), slow.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void runAsStandsForAnOsProcess() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = runtime.runAs(Launch.code("import os, sys; print(os.getpid(), os.getppid()); sys.exit(4)")
                .withStdout(out), 4321, 4320);
        assertEquals(4 << 8, status);
        assertEquals("4321 4320\n", out.toString(StandardCharsets.UTF_8));
    }
}
