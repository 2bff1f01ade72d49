package dev.graalpymp.conformance.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected strings are CPython 3.12's repr() output. */
class PyReprTest {
    @Test
    void quotesAreChosenLikePython() {
        assertEquals("\"it's\"", PyRepr.of("it's"));
        assertEquals("'it\\'s \"x\"'", PyRepr.of("it's \"x\""));
    }

    @Test
    void escapesAndPrintableCharacters() {
        assertEquals("'a\\n\\t\\\\b'", PyRepr.of("a\n\t\\b"));
        assertEquals("'\\x01\\x7f\\x85\\u2028\\xa0 \uD83D\uDE00中'", PyRepr.of("\u0001\u007f\u0085\u2028\u00a0 \uD83D\uDE00中"));
        assertEquals("'\\ue000'", PyRepr.of("\ue000"));
        assertEquals("None", PyRepr.of((String) null));
    }

    @Test
    void listsAndShortening() {
        assertEquals("['a', \"b'\"]", PyRepr.of(List.of("a", "b'")));
        assertEquals("'abc...", PyRepr.shortened("abcdefgh", 7));
        assertEquals("'abcd'", PyRepr.shortened("abcd", 6));
    }

    @Test
    void floatsLikePython() {
        assertEquals("6.9", PyRepr.floatRepr(6.9));
        assertEquals("10.0", PyRepr.floatRepr(10.0));
        assertEquals("1e-05", PyRepr.floatRepr(1e-05));
        assertEquals("1e+16", PyRepr.floatRepr(1e16));
        assertEquals("0.0001", PyRepr.floatRepr(0.0001));
        assertEquals("123456789012345.6", PyRepr.floatRepr(123456789012345.6));
        assertEquals("-2.5e-07", PyRepr.floatRepr(-2.5e-7));
        assertEquals("1e+22", PyRepr.floatRepr(1e22));
        assertEquals("0.30000000000000004", PyRepr.floatRepr(0.1 + 0.2));
        assertEquals("14", PyRepr.number(14));
    }
}
