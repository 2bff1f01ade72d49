package dev.graalpymp.kernel.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.sem.SemaphoreTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceTrackerTest {
    @TempDir
    Path shm;

    private final SemaphoreTable semaphores = new SemaphoreTable();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ResourceTracker tracker() {
        return new ResourceTracker(shm, semaphores);
    }

    private String shutDown(ResourceTracker tracker) {
        tracker.shutDown(new PrintStream(err, true, StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unlinkedResourcesLeaveNothingToCleanUp() throws IOException {
        ResourceTracker tracker = tracker();
        Files.createFile(shm.resolve("psm_a"));
        tracker.register("/psm_a", "shared_memory");
        tracker.register("/psm_a", "shared_memory"); // attached again: still one entry
        tracker.unregister("/psm_a", "shared_memory");
        assertEquals(Map.of(), tracker.registered());
        assertEquals("", shutDown(tracker));
        assertTrue(Files.exists(shm.resolve("psm_a")), "a segment nobody leaked is not removed");
    }

    @Test
    void leakedSharedMemoryIsRemovedWithCPythonsWarning() throws IOException {
        ResourceTracker tracker = tracker();
        assertEquals(shm.toString(), tracker.sharedMemoryDirectory(), "where posixshmem makes the segments");
        Files.createFile(shm.resolve("psm_a"));
        Files.createFile(shm.resolve("psm_b"));
        tracker.register("/psm_a", "shared_memory");
        tracker.register("/psm_b", "shared_memory");
        tracker.setWarningFormat("rt.py:9: UserWarning: There appear to be {count} leaked {type} objects\n");
        assertEquals("rt.py:9: UserWarning: There appear to be 2 leaked shared_memory objects\n", shutDown(tracker));
        assertFalse(Files.exists(shm.resolve("psm_a")));
        assertFalse(Files.exists(shm.resolve("psm_b")));
        assertEquals(Map.of(), tracker.registered(), "shut down once: nothing left registered");
    }

    @Test
    void leakedNamedSemaphoreIsUnlinked() {
        ResourceTracker tracker = tracker();
        semaphores.create("/mp-x", 1);
        tracker.register("/mp-x", "semaphore");
        String warning = shutDown(tracker);
        assertTrue(warning.contains("There appear to be 1 leaked semaphore objects"), warning);
        assertThrows(KernelException.class, () -> semaphores.open("/mp-x"));
    }

    @Test
    void aLeakAlreadyGoneIsReportedNotThrown() {
        ResourceTracker tracker = tracker();
        tracker.register("/psm_gone", "shared_memory");
        String warning = shutDown(tracker);
        assertTrue(warning.endsWith("'/psm_gone': [Errno 2] No such file or directory: '/psm_gone'\n"), warning);
    }

    @Test
    void noopResourcesAreNotWarnedAbout() {
        ResourceTracker tracker = tracker();
        tracker.register("x", "noop");
        assertEquals(Map.of("noop", List.of("x")), tracker.registered());
        assertEquals("", shutDown(tracker));
    }

    @Test
    void glibcStripsLeadingSlashes() {
        assertEquals("psm_1", ResourceTracker.stripLeadingSlashes("//psm_1"));
        assertEquals("", ResourceTracker.stripLeadingSlashes("/"));
    }
}
