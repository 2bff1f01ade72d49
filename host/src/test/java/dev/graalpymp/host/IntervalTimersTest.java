package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.Kernel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IntervalTimersTest {

    private final List<Integer> sent = new CopyOnWriteArrayList<>();
    private final ProcessCpuClock cpu = new ProcessCpuClock(new Kernel(1000, 1, 4_000_000).mainProcess());
    private final IntervalTimers timers = new IntervalTimers(sent::add, cpu);

    @AfterEach
    void close() {
        timers.close();
        cpu.exit();
    }

    @Test
    void realTimerSendsSigalrmOnceAndDisarms() throws InterruptedException {
        assertArrayEquals(new double[] {0, 0}, timers.set(IntervalTimers.REAL, 0.05, 0));
        double left = timers.get(IntervalTimers.REAL)[0];
        assertTrue(left > 0 && left <= 0.05, "left " + left);
        waitFor(() -> !sent.isEmpty(), 5_000);
        Thread.sleep(100);
        assertEquals(List.of(14), sent);
        assertArrayEquals(new double[] {0, 0}, timers.get(IntervalTimers.REAL));
    }

    @Test
    void replacedTimerStaysSilentAndReportsWhatWasLeft() throws InterruptedException {
        timers.set(IntervalTimers.REAL, 0.05, 0.5);
        double[] previous = timers.set(IntervalTimers.REAL, 0, 0);
        assertTrue(previous[0] > 0 && previous[0] <= 0.05);
        assertEquals(0.5, previous[1]);
        Thread.sleep(150);
        assertEquals(List.of(), sent);
    }

    @Test
    void cpuTimersCountOnlyTheProcessesRunningThreads() throws InterruptedException {
        timers.set(IntervalTimers.PROF, 0.03, 0);
        Thread.sleep(100); // this thread does not run for the process yet: no CPU time counted
        assertEquals(List.of(), sent);
        cpu.enter();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sent.isEmpty() && System.nanoTime() < end) {
            Math.sqrt(System.nanoTime()); // burns CPU time
        }
        assertEquals(List.of(27), sent);
    }

    @Test
    void virtualIntervalTimerRepeatsUntilDisarmed() {
        cpu.enter();
        timers.set(IntervalTimers.VIRTUAL, 0.01, 0.01);
        waitFor(() -> sent.size() >= 3, 10_000);
        timers.set(IntervalTimers.VIRTUAL, 0, 0);
        int count = sent.size();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        while (System.nanoTime() < end) {
            Math.sqrt(System.nanoTime());
        }
        assertEquals(count, sent.size());
        assertTrue(sent.stream().allMatch(signal -> signal == 26), sent::toString);
    }

    /** Spins (using CPU time) until {@code condition} holds or {@code millis} have passed. */
    private static void waitFor(java.util.function.BooleanSupplier condition, long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean() && System.nanoTime() < end) {
            Math.sqrt(System.nanoTime());
        }
    }
}
