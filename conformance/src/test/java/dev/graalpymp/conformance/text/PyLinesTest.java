package dev.graalpymp.conformance.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PyLinesTest {
    @Test
    void linesDropOnlyOneFinalEmptyPiece() {
        assertEquals(List.of("a", "b"), PyLines.linesOf("a\nb\n"));
        assertEquals(List.of("a", "b"), PyLines.linesOf("a\nb"));
        assertEquals(List.of("a", ""), PyLines.linesOf("a\n\n"));
        assertEquals(List.of(), PyLines.linesOf(""));
        assertEquals(List.of(""), PyLines.linesOf("\n"));
    }

    @Test
    void splitLinesKnowsEveryPythonBoundary() {
        assertEquals(List.of("a\r", "b\r\n", "c\u001c", "d\u0085", "e\u2028", "f"),
                PyLines.splitLinesKeepEnds("a\rb\r\nc\u001cd\u0085e\u2028f"));
    }

    @Test
    void occurrencesDoNotOverlap() {
        assertEquals(2, PyLines.countOccurrences("aaaa", "aa"));
        assertEquals(0, PyLines.countOccurrences("aaaa", ""));
        assertEquals(3, PyLines.countOccurrences("a\nb\nc\n", "\n"));
    }

    @Test
    void stripNewlinesOnlyStripsNewlines() {
        assertEquals(" x ", PyLines.stripNewlines("\n\n x \n"));
    }
}
