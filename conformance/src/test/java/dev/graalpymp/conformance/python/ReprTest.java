package dev.graalpymp.conformance.python;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** repr() and check.py's short() as failure messages use them; expected strings are CPython 3.12's. */
class ReprTest {
    @Test
    void quotesAreChosenLikePython() {
        assertEquals("\"it's\"", PythonText.repr("it's"));
        assertEquals("'it\\'s \"x\"'", PythonText.repr("it's \"x\""));
    }

    @Test
    void escapesAndPrintableCharacters() {
        assertEquals("'a\\n\\t\\\\b'", PythonText.repr("a\n\t\\b"));
        assertEquals("'\\x01\\x7f\\x85\\u2028\\xa0 \uD83D\uDE00中'", PythonText.repr("\u0001\u007f\u0085\u2028\u00a0 \uD83D\uDE00中"));
        assertEquals("'\\ue000'", PythonText.repr("\ue000"));
        assertEquals("None", PythonText.repr(null));
    }

    @Test
    void listsAndShortening() {
        assertEquals("['a', \"b'\"]", PythonText.shortRepr(List.of("a", "b'"), 100));
        assertEquals("'abc...", PythonText.shortRepr("abcdefgh", 7));
        assertEquals("'abcd'", PythonText.shortRepr("abcd", 6));
        assertEquals("'\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00...", PythonText.shortRepr("\uD83D\uDE00".repeat(9), 7));
    }

    @Test
    void numbersLikePython() {
        assertEquals("6.9", PythonText.number(6.9));
        assertEquals("10.0", PythonText.number(10.0));
        assertEquals("1e-05", PythonText.number(1e-05));
        assertEquals("1e+16", PythonText.number(1e16));
        assertEquals("0.0001", PythonText.number(0.0001));
        assertEquals("123456789012345.6", PythonText.number(123456789012345.6));
        assertEquals("-2.5e-07", PythonText.number(-2.5e-7));
        assertEquals("1e+22", PythonText.number(1e22));
        assertEquals("0.30000000000000004", PythonText.number(0.1 + 0.2));
        assertEquals("2.5", PythonText.number(new BigDecimal("2.5")));
        assertEquals("14", PythonText.number(14));
    }
}
