package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.graalvm.polyglot.Engine;
import org.junit.jupiter.api.Test;

class WarmPoolTest {

    private static Set<Thread> warmThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("graalpy-mp-warm")).collect(Collectors.toSet());
    }

    /**
     * This pool's threads (not in {@code before}: other tests' runtimes share the JVM) still alive after a
     * moment's grace (a thread ends just after closing its context).
     */
    private static List<Thread> warmThreadsLeft(Set<Thread> before) throws InterruptedException {
        List<Thread> warm = warmThreads().stream().filter(t -> !before.contains(t)).toList();
        for (Thread thread : warm) {
            thread.join(500); // far shorter than a boot (seconds)
        }
        return warm.stream().filter(Thread::isAlive).toList();
    }

    @Test
    void closeReturnsOnceTheBootsUnderWayHaveEndedAndTheirContextsAreClosed() {
        // The engine must not close under a boot: Truffle's engine close waits for the booting thread while that
        // thread waits for the engine's lock (seen as a hang of a whole test run). PythonRuntime.close closes the
        // engine right after the pool, so the pool's close must leave no boot behind.
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Engine engine = Engines.create(OutputStream.nullOutputStream());
            try {
                WarmPool pool = new WarmPool(
                        new ContextFactory(engine, PythonLibrary.directory(), PythonRuntime.builder(), null),
                        Map.of(WarmPool.Kind.MAIN, 2, WarmPool.Kind.MULTIPROCESSING_CHILD, 1), true);
                Set<Thread> before = warmThreads();
                Launch launch = Launch.code("pass");
                pool.prewarm(launch, WarmPool.Kind.MAIN);
                pool.prewarm(launch, WarmPool.Kind.MULTIPROCESSING_CHILD);
                Thread.sleep(300); // the boots are under way (each takes seconds)
                pool.close();
                assertEquals(List.of(), warmThreadsLeft(before), "boots still running after the pool's close");
            } finally {
                engine.close(true);
            }
        });
    }
}
