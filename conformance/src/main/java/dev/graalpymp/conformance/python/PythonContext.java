package dev.graalpymp.conformance.python;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * The one GraalPy context of a checker JVM, booted on first use (a few seconds) with {@code python_text.py}
 * loaded, and closed when the JVM exits. Every use runs on the context's own thread: a polyglot value may only
 * be touched by a thread that entered its context, and one thread keeps GraalPy from holding a thread state
 * for each caller (the checker used to run each check on a thread of its own).
 */
final class PythonContext {
    private static final String MODULE = "python_text.py";
    /** GraalPy's interpreter recurses on the Java stack (re's parser, for one); the launcher's 16 MB. */
    private static final long STACK_BYTES = 16L * 1024 * 1024;
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private static final class Shared {
        static final PythonContext INSTANCE = new PythonContext();
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(work -> {
        Thread t = new Thread(null, work, "conformance-python", STACK_BYTES);
        t.setDaemon(true);
        return t;
    });
    private Context context;
    private Value module;

    private PythonContext() {
        run(ignored -> {
            boot();
            return null;
        });
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "conformance-python-close"));
    }

    static PythonContext shared() {
        return Shared.INSTANCE;
    }

    /**
     * Runs {@code work} with the module's globals on the context's thread and returns its result, which must
     * be a Java value (a {@link Value} is only valid on that thread); a Python exception comes back as the
     * {@link org.graalvm.polyglot.PolyglotException} it is.
     */
    <T> T run(Function<Value, T> work) {
        Future<T> result = thread.submit(() -> work.apply(module));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Python ran", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void boot() {
        context = Context.newBuilder("python")
                // Only the calls PythonText makes: Java lists in, no Java classes, files or processes.
                .allowHostAccess(HostAccess.newBuilder(HostAccess.NONE).allowListAccess(true).build())
                // An interpreter-only JVM (no Graal compiler here) is expected: no warning about it, no log.
                .option("engine.WarnInterpreterOnly", "false")
                .logHandler(OutputStream.nullOutputStream())
                // No site: nothing here needs it, and skipping it saves part of the boot.
                .option("python.NoSiteFlag", "true")
                .build();
        try (InputStream in = PythonContext.class.getResourceAsStream(MODULE)) {
            if (in == null) {
                throw new IllegalStateException(MODULE + " is missing from the class path");
            }
            Source source = Source.newBuilder("python", new InputStreamReader(in, StandardCharsets.UTF_8), MODULE)
                    .build();
            context.eval(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        module = context.getBindings("python");
    }

    /** Closes the context on its own thread (the one that entered it), then ends that thread. */
    private void close() {
        Future<?> closed = thread.submit(() -> context.close());
        try {
            closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The JVM is exiting: a context that will not close goes with it.
        }
        thread.shutdownNow();
    }
}
