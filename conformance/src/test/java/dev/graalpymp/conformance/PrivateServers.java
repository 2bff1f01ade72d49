package dev.graalpymp.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runtime servers of one ConformanceTest run, in a directory of their own ({@code GRAALPY_MP_SERVER_DIR}, mode
 * 0700 as the client demands) and stopped when the run ends, as bin/test does with its own: a plain
 * {@code mvn -pl conformance verify} then leaves no server behind, and never shares one with the developer's runs.
 */
final class PrivateServers {
    /** Linux's USER_HZ, the unit of /proc/PID/stat's CPU times (100 on every architecture Linux runs Java on). */
    private static final long TICKS_PER_SECOND = 100;
    private static final Pattern STATUS_PID = Pattern.compile("server: pid ([0-9]+)");

    private final Path dir;
    private final Path client;

    private PrivateServers(Path dir, Path client) {
        this.dir = dir;
        this.client = client;
    }

    /** A new, empty server directory; {@code projectRoot} holds the client ({@code host/target/graalpy-mp-client}). */
    static PrivateServers create(Path projectRoot) throws IOException {
        return new PrivateServers(Files.createTempDirectory("gpmp-servers-"),
                projectRoot.resolve("host").resolve("target").resolve("graalpy-mp-client"));
    }

    /** The environment that sends the launcher's runs to these servers. */
    Map<String, String> env() {
        return Map.of("GRAALPY_MP_SERVER_DIR", dir.toString());
    }

    /**
     * Waits, at most {@code limit}, until the servers have stopped working in the background: a server that has just
     * started boots its warm contexts (for the first run's configuration, with and without {@code -u}, and for
     * multiprocessing's children) for tens of seconds, and an example run meanwhile shares 2 cores with those boots;
     * 001_01, the first example, then saw its forks come late. Settled = less than a fifth of a core used over a
     * second. Returns the seconds waited.
     */
    double awaitSettled(Duration limit) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        List<Long> pids = serverPids();
        long before = cpuTicks(pids);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = cpuTicks(pids);
            if (now - before < TICKS_PER_SECOND / 5) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The pids of the servers that run here, as their status line gives them ("... server: pid N, ..."). */
    private List<Long> serverPids() throws IOException, InterruptedException {
        List<Long> pids = new ArrayList<>();
        for (Path socket : sockets()) {
            Process status = new ProcessBuilder(client.toString(), socket.toString(), "/bin/false", "--server",
                    "status").redirectErrorStream(true).start();
            String text = new String(status.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status.waitFor();
            Matcher m = STATUS_PID.matcher(text);
            if (m.find()) {
                pids.add(Long.parseLong(m.group(1)));
            }
        }
        return pids;
    }

    /** User and system CPU time of these processes, in clock ticks (/proc/PID/stat fields 14 and 15). */
    private static long cpuTicks(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException gone) {
                // the server has ended: it uses no CPU
            }
        }
        return ticks;
    }

    /** Stops every server that started here and removes the directory. */
    void stop() throws IOException, InterruptedException {
        for (Path socket : sockets()) {
            Process stop = new ProcessBuilder(client.toString(), socket.toString(), "/bin/false", "--server", "stop")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!stop.waitFor(60, TimeUnit.SECONDS)) {
                stop.destroyForcibly();
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private List<Path> sockets() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".sock")).toList();
        }
    }
}
