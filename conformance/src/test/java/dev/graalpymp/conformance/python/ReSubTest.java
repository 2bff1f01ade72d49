package dev.graalpymp.conformance.python;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code re.sub} with Python templates, as normalize rules use it; expected values are what CPython 3.12 answers. */
class ReSubTest {
    private static String sub(String pattern, String template, String text) {
        return PythonText.compile(pattern).sub(template, text);
    }

    @Test
    void emptyMatchesAreReplacedAsInPython37AndLater() {
        assertEquals("-a-b--d-", sub("x*", "-", "abxd"));
    }

    @Test
    void unmatchedGroupsExpandToNothing() {
        assertEquals("[a|][|b]", sub("(a)|(b)", "[\\1|\\2]", "ab"));
    }

    @Test
    void namedAndNumberedReferencesAndEscapes() {
        assertEquals("12:pid:pid 12\n\\\\.",
                sub("(?P<first_word>\\w+) (?P<n>\\d+)", "\\g<n>:\\g<first_word>:\\g<0>\\n\\\\\\.", "pid 12"));
    }

    @Test
    void dollarSignsAndLiteralTextAreNotSpecial() {
        assertEquals("$1 ${x}", sub("x", "$1 ${x}", "x"));
        assertEquals("进程的pid:<PID>", sub("进程的pid:[0-9]+", "进程的pid:<PID>", "进程的pid:4711"));
    }

    @Test
    void octalEscapes() {
        assertEquals("A", sub("x", "\\101", "x"));
        assertEquals("\0", sub("x", "\\0", "x"));
    }

    @Test
    void rulesApplyInTurn() {
        assertEquals("pair\n", PythonText.subAll(List.of(PythonText.compile("[0-9]+"), PythonText.compile("<N> <N>")),
                List.of("<N>", "pair"), "12 34\n"));
    }

    @Test
    void invalidTemplatesAreRejected() {
        assertThrows(PythonRegexException.class, () -> sub("(a)", "\\2", "a"));
        assertThrows(PythonRegexException.class, () -> sub("(a)", "\\q", "a"));
        assertThrows(PythonRegexException.class, () -> sub("(a)", "\\g<nope>", "a"));
        assertThrows(PythonRegexException.class, () -> sub("(a)", "\\g<1", "a"));
        assertThrows(PythonRegexException.class, () -> sub("(a)", "x\\", "a"));
    }
}
