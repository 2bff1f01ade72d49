package dev.graalpymp.conformance.run;

import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs one example the way its spec says: fresh scratch {@code {workdir}} and {@code {tmpdir}}, stdin from
 * the spec's file, stdout and stderr as two pipes read until EOF, and on timeout the whole process tree
 * terminated (then killed 3 s later) with exit status 124, like {@code timeout -k 3 <timeout_s>}.
 *
 * <p>The inherited environment is kept except {@code PYTHON*} variables, which would make the run depend on
 * the caller's shell; the spec's variables and the runner's extra ones are added on top.
 */
public final class ExampleRunner {
    /** Grace period between SIGTERM and SIGKILL, and for pipes to reach EOF after a kill. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final long POLL_MILLIS = 100;
    /** Longest {@code {tmpdir}} that leaves room for multiprocessing's 32-character socket names. */
    private static final int MAX_TMPDIR_LENGTH = 75;
    private static final AtomicInteger RUN_COUNTER = new AtomicInteger();

    private final List<String> interpreter;
    private final Path corpus;
    private final Path scratchRoot;
    private final Map<String, String> extraEnv;
    private final boolean keepScratch;

    /**
     * @param interpreter  the command that replaces {@code python3}, e.g. {@code [bin/graalpy-mp]}
     * @param corpus       the corpus folder ({@code {corpus}})
     * @param scratchRoot  where per-run scratch folders are created (keep it short: {@code {tmpdir}} lives there)
     * @param extraEnv     variables added to every run (e.g. {@code GRAALPY_MP_BUILD=never})
     * @param keepScratch  keep the scratch folders after the run (for debugging)
     */
    public ExampleRunner(List<String> interpreter, Path corpus, Path scratchRoot, Map<String, String> extraEnv,
                         boolean keepScratch) {
        this.interpreter = List.copyOf(interpreter);
        this.corpus = corpus.toAbsolutePath();
        this.scratchRoot = scratchRoot.toAbsolutePath();
        this.extraEnv = Map.copyOf(extraEnv);
        this.keepScratch = keepScratch;
    }

    /** Runs the example in the protocol ({@link Mode#UNBUFFERED}) or {@link Mode#BUFFERED} variant. */
    public RunResult run(Spec spec, Mode mode) throws IOException, InterruptedException {
        Path scratch = newScratchDir();
        try {
            Path workdir = Files.createDirectory(scratch.resolve("work"));
            Path tmpdir = Files.createDirectory(scratch.resolve("tmp"));
            Path pipes = Files.createDirectory(scratch.resolve("pipes"));
            return execute(RunPlan.of(spec, mode, interpreter, corpus, workdir, tmpdir, extraEnv), pipes);
        } finally {
            if (!keepScratch) {
                deleteRecursively(scratch);
            }
        }
    }

    /**
     * A fresh, short-named scratch folder. Short because {@code {tmpdir}} ends up inside AF_UNIX socket paths
     * (multiprocessing managers listen on {@code $TMPDIR/pymp-XXXXXXXX/listener-XXXXXXXX}), which the
     * kernel limits to 107 bytes.
     */
    private Path newScratchDir() throws IOException {
        Files.createDirectories(scratchRoot);
        while (true) {
            Path dir = scratchRoot.resolve("r" + RUN_COUNTER.incrementAndGet());
            try {
                Path created = Files.createDirectory(dir);
                if (created.resolve("tmp").toString().length() > MAX_TMPDIR_LENGTH) {
                    throw new IOException("scratch folder " + created + " is too long for AF_UNIX socket paths"
                            + " under {tmpdir}; use a scratch root of at most ~60 characters");
                }
                return created;
            } catch (FileAlreadyExistsException e) {
                // Left over from an earlier runner: take the next number.
            }
        }
    }

    /** Executes a concrete plan; {@code pipeDir} is an empty folder for the two output FIFOs. */
    public static RunResult execute(RunPlan plan, Path pipeDir) throws IOException, InterruptedException {
        Path stdoutFifo = Fifos.create(pipeDir.resolve("stdout"));
        Path stderrFifo = Fifos.create(pipeDir.resolve("stderr"));
        ProcessBuilder pb = new ProcessBuilder(plan.command())
                .directory(plan.cwd().toFile())
                .redirectInput(plan.stdin().toFile())
                .redirectOutput(stdoutFifo.toFile())
                .redirectError(stderrFifo.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PYTHON"));
        env.putAll(plan.setEnv());
        plan.unsetEnv().forEach(env::remove);

        PipeDrainer out = new PipeDrainer(stdoutFifo, "conformance-stdout");
        PipeDrainer err = new PipeDrainer(stderrFifo, "conformance-stderr");
        long start = System.nanoTime();
        long deadline = start + (long) (plan.timeoutSeconds() * 1e9);
        Process process;
        try {
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            out.releaseIfNeverOpened();
            err.releaseIfNeverOpened();
            throw e;
        }
        ProcessTree tree = new ProcessTree(process);

        boolean timedOut = !waitWhileRemembering(process, tree, deadline);
        if (timedOut) {
            tree.terminate();
            if (!process.waitFor(GRACE_NANOS, TimeUnit.NANOSECONDS)) {
                tree.kill();
                process.waitFor();
            }
            tree.kill();
        }
        double exitSeconds = (System.nanoTime() - start) / 1e9;

        // Normally wait for EOF up to the timeout; once something was killed, give the pipes 3 s more.
        long eofDeadline = timedOut ? System.nanoTime() + GRACE_NANOS : deadline;
        boolean atEof = out.awaitEof(eofDeadline) & err.awaitEof(eofDeadline);
        if (!atEof && !timedOut) {
            tree.killStrays();
            long graceDeadline = System.nanoTime() + GRACE_NANOS;
            atEof = out.awaitEof(graceDeadline) & err.awaitEof(graceDeadline);
        }
        if (!atEof) {
            out.abandon();
            err.abandon();
        }
        int strays = tree.killStrays();
        double wallSeconds = (System.nanoTime() - start) / 1e9;
        int rc = timedOut ? RunResult.TIMEOUT_RC : process.exitValue();
        return new RunResult(plan.command(), rc, out.bytes(), err.bytes(), exitSeconds, wallSeconds, timedOut,
                !atEof, strays);
    }

    /** Waits for the process until the deadline; true when it exited in time. */
    private static boolean waitWhileRemembering(Process process, ProcessTree tree, long deadline)
            throws InterruptedException {
        while (true) {
            tree.remember();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !process.isAlive();
            }
            if (process.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS)) {
                return true;
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // A file still held by a lingering process; the folder is under a scratch root anyway.
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // Best effort: scratch folders live under target/.
        }
    }
}
