package dev.graalpymp.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class OsProcessStatTest {

    /** What {@code ps} says of this JVM's group and session, the reference for /proc's fields. */
    private static int ps(String field) throws IOException, InterruptedException {
        Process ps = new ProcessBuilder("ps", "-o", field + "=", "-p", Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String out = new String(ps.getInputStream().readAllBytes()).strip();
        assertEquals(0, ps.waitFor(), out);
        return Integer.parseInt(out);
    }

    @Test
    void readsTheGroupAndSessionOfARealProcess() throws IOException, InterruptedException {
        int pid = Math.toIntExact(ProcessHandle.current().pid());
        assertEquals(OptionalInt.of(ps("pgid")), OsProcessStat.groupOf(pid));
        assertEquals(OptionalInt.of(ps("sid")), OsProcessStat.sessionOfProcess(pid));
    }

    @Test
    void aProcessThatDoesNotExistHasNone() {
        assertTrue(OsProcessStat.groupOf(Integer.MAX_VALUE).isEmpty());
        assertTrue(OsProcessStat.sessionOfProcess(0).isEmpty());
        assertEquals(Integer.MAX_VALUE, OsProcessStat.sessionOf(Integer.MAX_VALUE));
    }
}
