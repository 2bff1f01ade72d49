package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgementTest {
    private static final Verdict PASS = new Verdict(true, Optional.empty(), List.of());
    private static final Verdict FAIL = new Verdict(false, Optional.empty(), List.of("common: [rc] boom", "more"));
    private static final WaitingEntry WAITING = new WaitingEntry("x", "3", "os.fork on the kernel");

    private static Judgement judge(Verdict v, Optional<WaitingEntry> w) {
        return Judgement.of(new ExampleOutcome("x", Optional.empty(), v, w));
    }

    /** The outcome of a run that stopped importing requests, as CPython's recordings did. */
    private static Judgement judgeWithoutRequests(Verdict v, Optional<WaitingEntry> w) {
        return Judgement.of(new ExampleOutcome("x", Optional.empty(), v, w, Optional.of("requests")));
    }

    @Test
    void passAndFail() {
        assertEquals(Judgement.Kind.PASS, judge(PASS, Optional.empty()).kind());
        Judgement fail = judge(FAIL, Optional.empty());
        assertEquals(Judgement.Kind.FAIL, fail.kind());
        assertEquals("common: [rc] boom", fail.message());
        assertFalse(fail.acceptable());
    }

    @Test
    void aWaitingFailureIsExpected() {
        Judgement j = judge(FAIL, Optional.of(WAITING));
        assertEquals(Judgement.Kind.WAITING, j.kind());
        assertEquals("waits for issue 3: os.fork on the kernel — common: [rc] boom", j.message());
        assertTrue(j.acceptable());
    }

    @Test
    void aWaitingPassMustBeUnlisted() {
        Judgement j = judge(PASS, Optional.of(WAITING));
        assertEquals(Judgement.Kind.PASSES_BUT_MARKED_WAITING, j.kind());
        assertEquals("passes but is marked waiting for issue 3: remove it from conformance/waiting.tsv", j.message());
        assertFalse(j.acceptable());
    }

    @Test
    void aPassThatStopsAtAMissingModuleIsNotExercised() {
        Judgement j = judgeWithoutRequests(PASS, Optional.empty());
        assertEquals(Judgement.Kind.NOT_EXERCISED, j.kind());
        assertEquals("not exercised: CPython's recorded runs and this one end importing 'requests', a third-party"
                + " module not installed here (no PyPI access)", j.message());
        assertTrue(j.acceptable());
    }

    @Test
    void aMissingModuleDoesNotExcuseOutputThatDiffersFromCPython() {
        Judgement j = judgeWithoutRequests(FAIL, Optional.empty());
        assertEquals(Judgement.Kind.FAIL, j.kind());
        assertFalse(j.acceptable());
    }

    @Test
    void aWaitingExampleThatIsNotExercisedMustBeUnlisted() {
        Judgement j = judgeWithoutRequests(PASS, Optional.of(WAITING));
        assertEquals(Judgement.Kind.PASSES_BUT_MARKED_WAITING, j.kind());
    }
}
