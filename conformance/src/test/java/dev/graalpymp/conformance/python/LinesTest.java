package dev.graalpymp.conformance.python;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line and substring semantics check.py relies on, from Python's str. */
class LinesTest {
    private static List<String> lines(String text) {
        return PythonText.lines(text, Optional.empty());
    }

    @Test
    void linesDropOnlyOneFinalEmptyPiece() {
        assertEquals(List.of("a", "b"), lines("a\nb\n"));
        assertEquals(List.of("a", "b"), lines("a\nb"));
        assertEquals(List.of("a", ""), lines("a\n\n"));
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(""), lines("\n"));
        assertEquals(List.of("a\rb", "c\u2028d"), lines("a\rb\nc\u2028d\n"));
    }

    @Test
    void selectKeepsTheLinesThePatternFinds() {
        assertEquals(List.of("x 1", "x 2"), PythonText.lines("x 1\ny\nx 2\n", Optional.of(PythonText.compile("^x"))));
    }

    @Test
    void droppedLinesAreSplitOnEveryCPythonBoundary() {
        // CPython: ['a\r', 'b\r\n', 'c\x1c', 'd\x1d', 'e\x1e', 'b\x85', 'd\u2028', 'f\u2029', 'g']
        assertEquals("a\rc\u001ce\u001ef\u2029g", PythonText.dropLines(List.of(PythonText.compile("^[bd]")),
                "a\rb\r\nc\u001cd\u001de\u001eb\u0085d\u2028f\u2029g"));
    }

    @Test
    void occurrencesDoNotOverlap() {
        assertEquals(2, PythonText.countText("aaaa", "aa"));
        assertEquals(0, PythonText.countText("aaaa", ""));
        assertEquals(3, PythonText.countText("a\nb\nc\n", "\n"));
    }

    @Test
    void sequencesReportTheFirstMismatch() {
        List<PyPattern> patterns = List.of(PythonText.compile("a+"), PythonText.compile("b"));
        assertEquals(-1, PythonText.firstMismatch(patterns, List.of("aa", "b")));
        assertEquals(1, PythonText.firstMismatch(patterns, List.of("aa", "bb")));
    }

    @Test
    void messagesAreTheNonEmptyMatchesAndTheResidueIsTheRest() {
        PythonText.MessageSplit split = PythonText.splitMessages(PythonText.compile("A|B|x*"), "AB\n-A\n");
        assertEquals(List.of("A", "B", "A"), split.messages());
        assertEquals("\n-\n", split.residue());
    }
}
