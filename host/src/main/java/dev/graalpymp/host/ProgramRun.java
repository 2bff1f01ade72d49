package dev.graalpymp.host;

import dev.graalpymp.kernel.sem.SemaphoreTable;
import dev.graalpymp.kernel.track.ResourceTracker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * What one program run owns besides its processes' contexts: multiprocessing's resource tracker shared by its
 * processes, and how many of its children are still running.
 * Runs of one runtime are independent: the end of one never waits for another's children.
 */
final class ProgramRun {

    /** Where {@code shm_open} names live on Linux; graalpy_mp.mp.posixshmem reads it from the tracker. */
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Launch launch;
    private final ResourceTracker tracker;
    private int running; // children not yet ended; guarded by this

    ProgramRun(Launch launch, SemaphoreTable semaphores) {
        this.launch = launch;
        this.tracker = new ResourceTracker(SHARED_MEMORY, semaphores);
    }

    Launch launch() {
        return launch;
    }

    ResourceTracker tracker() {
        return tracker;
    }

    synchronized void childStarted() {
        running++;
    }

    synchronized void childEnded() {
        running--;
        notifyAll();
    }

    /**
     * Waits until every child of this run has ended (orphans included), then cleans up what the program leaked
     * (as CPython's resource tracker does once its last user has gone).
     */
    void finish() {
        synchronized (this) {
            while (running > 0) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        tracker.shutDown(new PrintStream(launch.stderr(), true, StandardCharsets.UTF_8));
    }
}
