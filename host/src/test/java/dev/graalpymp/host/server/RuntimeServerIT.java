package dev.graalpymp.host.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/graalpy-mp} through its runtime server, as a user runs it: real client processes, a server of this
 * test class's own (a private directory), stopped at the end. Compared with what CPython 3.12 does.
 */
class RuntimeServerIT {

    private static final Path LAUNCHER = Path.of(System.getProperty("graalpy.mp.launcher", "../bin/graalpy-mp"))
            .toAbsolutePath().normalize();
    private static PrivateServers servers;
    private static Path serverDir;

    @TempDir
    Path dir;

    record Result(int status, String out, String err) {
    }

    @BeforeAll
    static void privateServerDirectory() throws IOException {
        servers = PrivateServers.create(LAUNCHER);
        serverDir = servers.directory();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.stopAll();
    }

    private static Path client() {
        return servers.client();
    }

    private static List<Path> sockets(Path directory) throws IOException {
        return PrivateServers.sockets(directory);
    }

    private ProcessBuilder builder(Map<String, String> env, List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        if (prefix.isEmpty()) {
            command.add(LAUNCHER.toString());
        }
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        builder.environment().put("GRAALPY_MP_BUILD", "never");
        builder.environment().put("GRAALPY_MP_SERVER_DIR", serverDir.toString());
        builder.environment().remove("GRAALPY_MP_SERVER");
        builder.environment().putAll(env);
        return builder;
    }

    private Result finish(Process process) throws Exception {
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "launcher did not finish");
        return new Result(process.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.ISO_8859_1),
                Files.readString(dir.resolve("err")));
    }

    private Result launch(Map<String, String> env, byte[] stdin, String... args) throws Exception {
        ProcessBuilder builder = builder(env, List.of(), args);
        if (stdin == null) {
            builder.redirectInput(new File("/dev/null"));
        }
        Process process = builder.start();
        if (stdin != null) {
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
        }
        return finish(process);
    }

    private Result launch(String... args) throws Exception {
        return launch(Map.of(), null, args);
    }

    /** Waits until the program's stdout (a file) contains {@code text}. */
    private void awaitOutput(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!Files.readString(dir.resolve("out")).contains(text)) {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' in the output");
            Thread.sleep(20);
        }
    }

    @Test
    void theProgramIsTheClientsProcess() throws Exception {
        Process process = builder(Map.of(), List.of(), "-c", "import os; print(os.getpid(), os.getppid())")
                .redirectInput(new File("/dev/null")).start();
        Result r = finish(process);
        // bin/graalpy-mp execs the client, so the launched process's pid is the client's.
        assertEquals(new Result(0, process.pid() + " " + ProcessHandle.current().pid() + "\n", ""), r);
    }

    @Test
    void exitStatusesAndTracebacksAsCPython() throws Exception {
        assertEquals(new Result(3, "", ""), launch("-c", "import sys; sys.exit(3)"));
        assertEquals(new Result(1, "", "msg\n"), launch("-c", "import sys; sys.exit('msg')"));
        assertEquals(new Result(5, "", ""), launch("-c", "import os; os._exit(5)"));
        Result error = launch("-c", "1/0");
        assertEquals(1, error.status());
        assertTrue(error.err().endsWith("ZeroDivisionError: division by zero\n"), error.err());
        // An uncaught KeyboardInterrupt ends CPython by SIGINT after its traceback: status 128 + 2.
        Result interrupt = launch("-c", "raise KeyboardInterrupt");
        assertEquals(130, interrupt.status());
        assertTrue(interrupt.err().endsWith("\nKeyboardInterrupt\n"), interrupt.err());
        assertEquals(new Result(128 + 15, "", ""), launch("-c", "import os, time; os.kill(os.getpid(), 15); time.sleep(9)"));
    }

    @Test
    void binaryStdinAndStdoutPassUnchanged() throws Exception {
        byte[] data = new byte[3 << 20];
        new Random(7).nextBytes(data);
        launch(Map.of(), data, "-c", "import sys; sys.stdout.buffer.write(sys.stdin.buffer.read()[::-1])");
        byte[] out = Files.readAllBytes(dir.resolve("out"));
        assertEquals(data.length, out.length);
        for (int i = 0; i < data.length; i++) {
            if (data[i] != out[data.length - 1 - i]) {
                throw new AssertionError("byte " + i + " differs");
            }
        }
    }

    @Test
    void stdinIsReadOnlyAsFarAsTheProgramReads() throws Exception {
        // The rest of stdin stays for whoever reads it next, as with CPython reading one line.
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "first\nsecond\n");
        Result r = launch(Map.of(), null, "-c", "import os, sys\nprint(repr(sys.stdin.readline()), os.isatty(0))");
        assertEquals(new Result(0, "'' False\n", ""), r); // /dev/null: end of file at once, and no terminal
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", "'" + LAUNCHER + "' -c 'print(input())' < in.txt")
                .directory(dir.toFile()).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().put("GRAALPY_MP_SERVER_DIR", serverDir.toString());
        builder.environment().put("GRAALPY_MP_BUILD", "never");
        assertEquals(new Result(0, "first\n", ""), finish(builder.start()));
    }

    @Test
    void sigtermOfTheClientEndsTheRun() throws Exception {
        Process process = builder(Map.of(), List.of(), "-c",
                "import time\nprint('ready', flush=True)\ntry:\n    time.sleep(120)\nfinally:\n    print('finally')")
                .redirectInput(new File("/dev/null")).start();
        awaitOutput("ready\n"); // the whole line: under -u (PYTHONUNBUFFERED) print writes the newline apart
        process.destroy(); // SIGTERM: CPython's default action ends it at once, no finally block
        Result r = finish(process);
        assertEquals(new Result(128 + 15, "ready\n", ""), r);
    }

    @Test
    void aProgramHandlerRunsForTheClientsSigterm() throws Exception {
        Process process = builder(Map.of(), List.of(), "-c",
                "import signal, sys, time\n"
                        + "signal.signal(signal.SIGTERM, lambda n, f: sys.exit(f'handled {n}'))\n"
                        + "print('ready', flush=True)\ntime.sleep(120)")
                .redirectInput(new File("/dev/null")).start();
        awaitOutput("ready\n"); // the whole line: under -u (PYTHONUNBUFFERED) print writes the newline apart
        process.destroy();
        assertEquals(new Result(1, "ready\n", "handled 15\n"), finish(process));
    }

    @Test
    void ctrlCUnderATerminalIsKeyboardInterruptWithFinallyBlocks() throws Exception {
        Files.writeString(dir.resolve("ctrlc.py"), """
                import time, sys
                try:
                    try:
                        print('ready', flush=True)  # inside the try: Ctrl-C follows this line at once
                        time.sleep(120)
                    finally:
                        print('finally ran', flush=True)
                except KeyboardInterrupt:
                    print('caught KeyboardInterrupt', flush=True)
                    sys.exit(7)
                """);
        Result r = underTerminal("ready", "\u0003", "ctrlc.py");
        assertEquals(7, r.status(), r.out());
        assertTrue(r.out().contains("finally ran\r\ncaught KeyboardInterrupt\r\n"), r.out());
    }

    @Test
    void interactiveInputUnderATerminal() throws Exception {
        Result r = underTerminal("name? ", "Ada\n", "-c",
                "import os; print(os.isatty(0), os.isatty(1), os.isatty(2), 'hello', input('name? '))");
        assertEquals(0, r.status(), r.out());
        assertTrue(r.out().contains("True True True hello Ada\r\n"), r.out());
    }

    /** Runs the launcher on a pseudo-terminal (util-linux's script), typing {@code keys} once {@code prompt} shows. */
    private Result underTerminal(String prompt, String keys, String... args) throws Exception {
        assumeTrue(new File("/usr/bin/script").canExecute(), "util-linux's script is needed for a terminal");
        // exec: script's shell (dash when SHELL is unset) would otherwise wait for the program, and a shell
        // without bash's wait-and-cooperative-exit dies by the SIGINT of a Ctrl-C its child handled (status 130)
        StringBuilder command = new StringBuilder("exec '" + LAUNCHER + "'");
        for (String arg : args) {
            command.append(" '").append(arg.replace("'", "'\\''")).append("'");
        }
        Process process = builder(Map.of(), List.of("script", "-qfec", command.toString(), "/dev/null")).start();
        awaitOutput(prompt);
        try (OutputStream in = process.getOutputStream()) {
            in.write(keys.getBytes(StandardCharsets.UTF_8));
            in.flush();
            Thread.sleep(3000); // script ends when its input does: let the program finish first
        }
        return finish(process);
    }

    @Test
    void concurrentRunsAreIsolated() throws Exception {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        String program = "import os, sys, json, time\n"
                + "seen = hasattr(json, 'mark')\njson.mark = os.environ['WHO']\nsys.modules['leak_' + json.mark] = json\n"
                + "time.sleep(1.5)\n"
                + "print(os.environ['WHO'], os.path.basename(os.getcwd()), json.mark, seen,\n"
                + "      sorted(m for m in sys.modules if m.startswith('leak_')))";
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> runIn(a, "A", program));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> runIn(b, "B", program));
        assertEquals("A a A False ['leak_A']\n", first.get(180, TimeUnit.SECONDS));
        assertEquals("B b B False ['leak_B']\n", second.get(180, TimeUnit.SECONDS));
        assertEquals("A a A False ['leak_A']\n", runIn(a, "A", program)); // and nothing reaches a later run
    }

    private String runIn(Path cwd, String who, String program) {
        try {
            Path out = cwd.resolve("out");
            ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "-c", program).directory(cwd.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(new File("/dev/null"));
            builder.environment().put("GRAALPY_MP_SERVER_DIR", serverDir.toString());
            builder.environment().put("GRAALPY_MP_BUILD", "never");
            builder.environment().put("WHO", who);
            Process process = builder.start();
            assertTrue(process.waitFor(180, TimeUnit.SECONDS));
            return Files.readString(out);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void alarmAndRaiseSignalReachThisProgramOnly() throws Exception {
        // SIGALRM's default action ends the program (status 128 + 14), not the server: the next run works.
        assertEquals(142, launch("-c", "import signal, time; signal.alarm(1); time.sleep(30)").status());
        assertEquals(new Result(0, "alarm 14\nusr1 10\n", ""), launch("-c", "import signal, time\n"
                + "signal.signal(signal.SIGALRM, lambda n, f: print('alarm', n))\n"
                + "signal.signal(signal.SIGUSR1, lambda n, f: print('usr1', n))\n"
                + "signal.setitimer(signal.ITIMER_REAL, 0.2)\ntime.sleep(2)\nsignal.raise_signal(signal.SIGUSR1)"));
        assertEquals(new Result(0, "ok\n", ""), launch("-c", "print('ok')"));
    }

    @Test
    void anotherUsersClientIsRefused() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && new File("/usr/bin/setpriv").canExecute(),
                "needs root and setpriv to act as another user");
        launch("-c", "pass"); // a server is running
        Path socket = sockets(serverDir).get(0);
        // A copy of the client that the other user can run, wherever this checkout lives.
        Path shared = Files.createTempDirectory("graalpy-mp-client",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path copy = Files.copy(client(), shared.resolve("graalpy-mp-client"));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        Process other = new ProcessBuilder("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                copy.toString(), socket.toString(), "/bin/false", "-c", "print('reached')")
                .redirectErrorStream(true).start();
        String said;
        try {
            assertTrue(other.waitFor(60, TimeUnit.SECONDS));
            said = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            PrivateServers.deleteTree(shared);
        }
        assertNotEquals(0, other.exitValue(), said);
        assertFalse(said.contains("reached"), said);
        assertTrue(said.contains("refusing the runtime server directory"), said);
    }

    @Test
    void aStaleSocketIsReplacedByANewServer() throws Exception {
        Path own = Files.createTempDirectory("graalpy-mp-stale",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<String, String> env = Map.of("GRAALPY_MP_SERVER_DIR", own.toString());
        try {
            assertEquals(new Result(0, "1\n", ""), launch(env, null, "-c", "print(1)"));
            long serverPid = serverPid(env);
            ProcessHandle.of(serverPid).orElseThrow().destroyForcibly(); // a crash: the socket file stays behind
            assertTrue(ProcessHandle.of(serverPid).orElseThrow().onExit().get(30, TimeUnit.SECONDS) != null);
            assertEquals(1, sockets(own).size());
            assertEquals(new Result(0, "2\n", ""), launch(env, null, "-c", "print(2)"));
            assertNotEquals(serverPid, serverPid(env));
        } finally {
            launch(env, null, "--server", "stop");
            PrivateServers.deleteTree(own);
        }
    }

    @Test
    void anIdleServerEndsItself() throws Exception {
        Path own = Files.createTempDirectory("graalpy-mp-idle",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Map<String, String> env = Map.of("GRAALPY_MP_SERVER_DIR", own.toString(), "GRAALPY_MP_SERVER_IDLE", "2");
        assertEquals(new Result(0, "", ""), launch(env, null, "-c", "pass"));
        ProcessHandle server = ProcessHandle.of(serverPid(env)).orElseThrow();
        assertTrue(server.onExit().get(60, TimeUnit.SECONDS) != null);
        assertEquals(List.of(), sockets(own));
        PrivateServers.deleteTree(own);
    }

    @Test
    void aServerOfOtherJvmOptionsIsNotReused() throws Exception {
        Map<String, String> other = Map.of("GRAALPY_MP_JAVA_OPTS", "-Dgraalpy.mp.test.variant=1");
        launch("-c", "pass");
        long pid = serverPid(Map.of());
        launch(other, null, "-c", "pass");
        assertNotEquals(pid, serverPid(other));
        launch(other, null, "--server", "stop");
    }

    private long serverPid(Map<String, String> env) throws Exception {
        Result status = launch(env, null, "--server", "status");
        assertEquals(0, status.status(), status.err());
        String out = status.out();
        assertTrue(out.startsWith("graalpy-mp runtime server: pid "), out);
        return Long.parseLong(out.substring("graalpy-mp runtime server: pid ".length(), out.indexOf(',')));
    }
}
