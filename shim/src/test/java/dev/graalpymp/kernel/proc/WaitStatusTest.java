package dev.graalpymp.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WaitStatusTest {

    @Test
    void exitCodesAreShiftedAndTruncatedLikeLinux() {
        assertEquals(256, WaitStatus.exited(1));
        assertEquals(0, WaitStatus.exited(256));
        assertEquals(255 << 8, WaitStatus.exited(-1));
        assertFalse(WaitStatus.isSignaled(WaitStatus.exited(42)));
        assertEquals(42, WaitStatus.exitCode(WaitStatus.exited(42)));
    }

    @Test
    void signalStatusIsTheSignalNumber() {
        assertEquals(9, WaitStatus.signaled(Signals.SIGKILL));
        assertTrue(WaitStatus.isSignaled(15));
        assertFalse(WaitStatus.isSignaled(0x7f), "0x7f is a stopped process");
        assertEquals(15, WaitStatus.termSignal(15));
    }

    @Test
    void signalNames() {
        assertEquals("SIGTERM", Signals.name(15));
        assertEquals("SIGRTMIN+2", Signals.name(36));
    }
}
