package dev.graalpymp.host;

import dev.graalpymp.kernel.proc.CpuTimes;
import dev.graalpymp.kernel.proc.VirtualProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One virtual process's CPU time ({@code time.process_time}, {@code os.times}, {@code getrusage}): the JVM's
 * per-thread CPU time of the host threads that run its Python code, where the OS's CPU clocks would count every
 * process of the JVM. A thread is counted from when it starts running for the process (the main thread, and
 * each Python thread from Python) to when it stops; what it used is then added to the kernel's record of the
 * process, which adds a waited-for child's total to its parent's {@code RUSAGE_CHILDREN}.
 */
final class ProcessCpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final VirtualProcess process;
    /** Running threads -> their CPU times when they began running for this process. */
    private final Map<Thread, CpuTimes> running = new ConcurrentHashMap<>();

    ProcessCpuClock(VirtualProcess process) {
        this.process = process;
    }

    /** The current thread now runs for this process. */
    void enter() {
        running.putIfAbsent(Thread.currentThread(), current());
    }

    /** The current thread stops running for this process: what it used is the process's. */
    void exit() {
        CpuTimes start = running.remove(Thread.currentThread());
        if (start != null) {
            process.addThreadTimes(minus(current(), start));
        }
    }

    /** The process ends: the threads still running (daemon threads) are counted up to now. */
    void close() {
        for (Map.Entry<Thread, CpuTimes> entry : running.entrySet()) {
            CpuTimes now = of(entry.getKey().threadId());
            if (now != null && running.remove(entry.getKey(), entry.getValue())) {
                process.addThreadTimes(minus(now, entry.getValue()));
            }
        }
        running.clear();
    }

    /** The process's CPU time so far: its ended threads and its running ones. */
    CpuTimes processTimes() {
        CpuTimes total = process.endedThreadTimes();
        for (Map.Entry<Thread, CpuTimes> entry : running.entrySet()) {
            CpuTimes now = of(entry.getKey().threadId());
            if (now != null) {
                total = total.plus(minus(now, entry.getValue()));
            }
        }
        return total;
    }

    /** The current thread's CPU time while it runs for this process ({@code time.thread_time}). */
    CpuTimes threadTimes() {
        CpuTimes start = running.get(Thread.currentThread());
        CpuTimes now = current();
        return start == null ? now : minus(now, start);
    }

    private static CpuTimes current() {
        long cpu = THREADS.getCurrentThreadCpuTime();
        long user = THREADS.getCurrentThreadUserTime();
        return new CpuTimes(user, Math.max(0, cpu - user));
    }

    /** A thread's CPU times, or null once it has ended. */
    private static CpuTimes of(long threadId) {
        long cpu = THREADS.getThreadCpuTime(threadId);
        long user = THREADS.getThreadUserTime(threadId);
        return cpu < 0 || user < 0 ? null : new CpuTimes(user, Math.max(0, cpu - user));
    }

    private static CpuTimes minus(CpuTimes a, CpuTimes b) {
        return new CpuTimes(Math.max(0, a.userNanos() - b.userNanos()), Math.max(0, a.systemNanos() - b.systemNanos()));
    }
}
