package dev.graalpymp.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VirtualPidsTest {

    @Test
    void virtualPidsLieAboveEveryPossibleRealPid() throws Exception {
        int first = VirtualPids.firstVirtualPid();
        assertTrue(first > VirtualPids.PID_MAX_LIMIT);
        Path pidMax = Path.of("/proc/sys/kernel/pid_max");
        if (Files.isReadable(pidMax)) {
            assertTrue(first > Integer.parseInt(Files.readString(pidMax).trim()));
        }
        assertTrue(first > ProcessHandle.current().pid());
    }
}
