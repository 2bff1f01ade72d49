package dev.graalpymp.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The signals a launcher's JVM started with ignored, from Linux's /proc/PID/status. */
class InheritedSignalsTest {

    @Test
    void aBackgroundJobUnderNohupIgnoresSigintSighupAndSigquitOfWhichTheJvmKeepsSigquit() {
        // bits 0, 1, 2 (SIGHUP, SIGINT, SIGQUIT) and 12 (SIGPIPE: the JVM's own)
        List<String> status = List.of("Name:\tjava", "SigBlk:\t0000000000000000", "SigIgn:\t0000000000001007",
                "SigCgt:\t2000000181005ccf");
        assertEquals(Set.of(1, 2), InheritedSignals.fromStatus(status));
    }

    @Test
    void nothingIgnored() {
        assertEquals(Set.of(), InheritedSignals.fromStatus(List.of("SigIgn:\t0000000000000000")));
    }
}
