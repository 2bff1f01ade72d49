package dev.graalpymp.host;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A runnable example of the embedding API: a Java application runs Python code that starts threads, and reads
 * what it printed. {@code EmbeddingExampleTest} runs it; {@link #main} runs it standalone.
 */
public final class EmbeddingExample {

    private EmbeddingExample() {
    }

    /** Runs a small threaded Python program and returns its standard output. */
    public static String threadedHello(PythonRuntime python) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = python.run(Launch.code("""
                import threading
                from concurrent.futures import ThreadPoolExecutor
                def square(n):
                    return n * n, threading.current_thread().name.startswith('ThreadPoolExecutor')
                with ThreadPoolExecutor(max_workers=4) as pool:
                    print(list(pool.map(square, range(5))))
                """).withStdout(out).withStderr(System.err));
        if (status != 0) {
            throw new IllegalStateException("the Python program exited with status " + status);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Entry point: prints the Python program's output. */
    public static void main(String[] args) {
        try (PythonRuntime python = PythonRuntime.builder().build()) {
            System.out.print(threadedHello(python));
        }
    }
}
