package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.suite.Corpus;
import dev.graalpymp.conformance.suite.RecordedRun;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every recorded CPython 3.12.1 run passes its spec under our checker, in the mode it was recorded in. */
class RecordedRunsTest {
    private static final Corpus CORPUS = Corpus.locate();

    @Test
    void theCorpusHoldsTheExpectedRecordings() {
        assertEquals(49, CORPUS.ids().size());
        assertEquals(147, CORPUS.recordedRuns("cpython312").size());
        assertTrue(CORPUS.recordedRuns("cpython312-buffered").size() >= 49);
    }

    @TestFactory
    Stream<DynamicTest> protocolRunsPassUnbuffered() {
        return passes("cpython312", Mode.UNBUFFERED);
    }

    @TestFactory
    Stream<DynamicTest> bufferedRunsPassBuffered() {
        return passes("cpython312-buffered", Mode.BUFFERED);
    }

    private static Stream<DynamicTest> passes(String folder, Mode mode) {
        List<RecordedRun> runs = CORPUS.recordedRuns(folder);
        return runs.stream().map(run -> DynamicTest.dynamicTest(run.toString(), () -> {
            Verdict v = Checker.evaluate(CORPUS.spec(run.id()), run.stdout(), run.stderr(), run.rc(), mode);
            assertTrue(v.passed(), () -> v.render(run.id()));
        }));
    }
}
