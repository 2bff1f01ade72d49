package dev.graalpymp.conformance.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Python {@code re} semantics as the checker gets them from GraalPy; expected values are what CPython 3.12
 * answers (they were the Java translation's tests: GraalPy's {@code re} must give CPython's answers).
 */
class PythonRegexTest {
    private static boolean full(String pattern, String text) {
        return PythonText.compile(pattern).fullmatch(text);
    }

    private static boolean search(String pattern, String text) {
        return PythonText.compile(pattern).search(text);
    }

    private static int count(String pattern, String text) {
        return PythonText.compile(pattern).countMatches(text);
    }

    @Test
    void namedGroupsWithUnderscoresAndNamedBackreferences() {
        assertTrue(full("(?P<worker_pid>[0-9]+) (?P=worker_pid)", "12 12"));
        assertFalse(full("(?P<worker_pid>[0-9]+) (?P=worker_pid)", "12 13"));
        assertEquals(1, PythonText.compile("(?P<worker_pid>x)").groups());
    }

    @Test
    void numericBackreferencesAboveNineAndNegativeLookahead() {
        assertTrue(full("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)\\12\\10", "abcdefghijkllj"));
        // The corpus's "child pid differs from parent pid" idiom.
        assertTrue(full("([0-9]+) (?!\\1\\n)([0-9]+)\\n", "12 13\n"));
        assertFalse(full("([0-9]+) (?!\\1\\n)([0-9]+)\\n", "12 12\n"));
    }

    @Test
    void endAnchors() {
        assertFalse(full("a$", "a\n"));
        assertTrue(search("a$", "a\n"));
        assertFalse(search("a\\Z", "a\n"));
        assertTrue(search("a\\Z", "a"));
    }

    @Test
    void multilineCaretAlsoMatchesAfterAFinalNewline() {
        assertEquals(2, count("(?m)^", "a\n"));
        assertEquals(2, count("(?m)^x$", "x\nx\n"));
        assertEquals(2, count("(?m)$", "a\nb"));
        assertEquals(1, count("(?m)^ModuleNotFoundError: No module named 'requests'$",
                "Traceback (most recent call last):\nModuleNotFoundError: No module named 'requests'\n"));
    }

    @Test
    void onlyNewlineEndsALine() {
        assertTrue(full("a.b", "a\rb"));
        assertTrue(full("a.b", "a\u2028b"));
        assertFalse(full("a.b", "a\nb"));
        assertTrue(full("(?s)a.b", "a\nb"));
    }

    @Test
    void bracesThatAreNotQuantifiersAreLiteral() {
        assertTrue(full("a{,3}", "aaa"));
        assertFalse(full("a{,3}", "aaaa"));
        assertTrue(full("a{,}", "aaaa"));
        assertTrue(full("{foo}x{", "{foo}x{"));
        assertTrue(full("a{}", "a{}"));
        assertTrue(full("-{7}", "-------"));
    }

    @Test
    void characterClassesAreFlat() {
        assertTrue(full("[[]", "["));
        assertTrue(full("[a&&b]", "&"));
        assertTrue(full("[]a]", "]"));
        assertTrue(full("[^]a]", "b"));
        assertTrue(full("[a-]", "-"));
        assertTrue(full("[0-9.e-]+", "1.5e-05"));
    }

    @Test
    void characterEscapes() {
        assertTrue(full("\\101\\0[\\101]", "A\0A"));
        assertTrue(full("\\x41\\u0042\\U0001F600\\N{LATIN SMALL LETTER A}", "AB\uD83D\uDE00a"));
        assertFalse(full("\\v", "\n"));
        assertTrue(full("\\v", "\u000b"));
        assertTrue(full("\\.\\-\\ ", ".- "));
    }

    @Test
    void unicodeAwareClassesUnlessAscii() {
        assertTrue(full("\\w", "é"));
        assertFalse(full("(?a)\\w", "é"));
        assertTrue(full("\\d", "\u0663"));
        assertTrue(full("(?i)k", "\u212A"));
    }

    @Test
    void verboseModeDropsBlanksAndCommentsOutsideClasses() {
        assertTrue(full("(?x) a b # comment\n [ ]c", "ab c"));
    }

    @Test
    void scopedFlags() {
        assertTrue(full("(?i:a)b", "Ab"));
        assertFalse(full("(?i:a)b", "AB"));
        assertTrue(full("(?s:.)", "\n"));
    }

    @Test
    void lookaroundsAsTheCorpusUsesThem() {
        assertEquals(1, count("(?<=\\n400\\n)[0-9]+\\n", "x\n400\n123\n400\n"));
        assertTrue(full("(?s)(?=.*Put A.*Get A)(?=.*Put B.*Get B).*", "Put A\nPut B\nGet A\nGet B\n"));
        assertFalse(full("(?s)(?=.*Put A.*Get A)(?=.*Put B.*Get B).*", "Get A\nPut A\nPut B\n"));
    }

    @Test
    void nonAsciiLiterals() {
        assertEquals(List.of("2.05"), PythonText.group1Values(PythonText.compile("耗时: ([0-9.e-]+) 秒"), "耗时: 2.05 秒\n"));
    }

    @Test
    void findAllAllowsANonEmptyMatchRightAfterAnEmptyOne() {
        assertEquals(List.of("", "foo"), PythonText.group1Values(PythonText.compile("(^|\\w+)"), "foo"));
        assertEquals(List.of("", "", "x", "", ""), PythonText.group1Values(PythonText.compile("(x*)"), "abxd"));
        assertEquals(5, count("x*", "abxd"));
    }

    /** Where the Java translation answered otherwise (Java's Unicode classes and case folding). */
    @Test
    void unicodeClassesAndFoldingAreCPythons() {
        assertTrue(full("\\s", "\u001c"));
        assertTrue(full("\\w", "\u00b2"));
        assertFalse(full("\\w", "\u0301"));
        assertFalse(full("\\w", "\u203f"));
        assertEquals(2, count("\\b\\w+\\b", "a\u0301b"));
        assertFalse(search("\\B", ""));
        assertTrue(full("(?i)\u00df", "\u1e9e"));
    }

    /** Conditional groups: the Java translation rejected them (java.util.regex has none). */
    @Test
    void conditionalAtomicAndPossessive() {
        assertTrue(full("(a)?(?(1)b|c)", "ab"));
        assertTrue(full("(a)?(?(1)b|c)", "c"));
        assertFalse(full("(a)?(?(1)b|c)", "ac"));
        assertTrue(full("(?>a+)b", "aab"));
        assertFalse(full("a++a", "aaa"));
    }

    @Test
    void rejectionsCarryPythonsMessage() {
        PythonRegexException e = assertThrows(PythonRegexException.class, () -> PythonText.compile("x(a"));
        assertEquals("re.error: missing ), unterminated subpattern at position 1 in x(a", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\z", "\\q", "(a)\\2", "a(?i)b", "(?(1)a|b)", "(a)(?P=x)", "[\\8]", "(?P<a b>x)", "(a",
            "a)", "[a", "(?Lx)", "(?P<a>x)(?P<a>y)", "(a\\1)", "[b-a]", "(?<=a|bc)x", "[\\d-z]", "a{1,2}{3}"})
    void patternsPythonRejectsAreRejected(String pattern) {
        assertThrows(PythonRegexException.class, () -> PythonText.compile(pattern));
    }
}
