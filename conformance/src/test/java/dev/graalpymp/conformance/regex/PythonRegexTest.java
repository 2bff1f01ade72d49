package dev.graalpymp.conformance.regex;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.regex.MatchResult;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python {@code re} semantics of translated patterns; expected values are what CPython 3.12 answers. */
class PythonRegexTest {
    private static boolean full(String pattern, String text) {
        return PythonRegex.compile(pattern).fullmatch(text);
    }

    private static boolean search(String pattern, String text) {
        return PythonRegex.compile(pattern).search(text);
    }

    private static int count(String pattern, String text) {
        return PythonRegex.compile(pattern).findAll(text).size();
    }

    @Test
    void namedGroupsWithUnderscoresAndNamedBackreferences() {
        assertTrue(full("(?P<worker_pid>[0-9]+) (?P=worker_pid)", "12 12"));
        assertFalse(full("(?P<worker_pid>[0-9]+) (?P=worker_pid)", "12 13"));
        assertEquals(1, PythonRegex.compile("(?P<worker_pid>x)").groupNames().get("worker_pid"));
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
        List<MatchResult> m = PythonRegex.compile("耗时: ([0-9.e-]+) 秒").findAll("耗时: 2.05 秒\n");
        assertEquals(1, m.size());
        assertEquals("2.05", m.get(0).group(1));
    }

    @Test
    void findAllAllowsANonEmptyMatchRightAfterAnEmptyOne() {
        List<MatchResult> m = PythonRegex.compile("^|\\w+").findAll("foo");
        assertEquals(List.of("0-0", "0-3"), m.stream().map(r -> r.start() + "-" + r.end()).toList());
        List<MatchResult> x = PythonRegex.compile("x*").findAll("abxd");
        assertEquals(List.of("0-0", "1-1", "2-3", "3-3", "4-4"), x.stream().map(r -> r.start() + "-" + r.end()).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\z", "\\q", "(a)\\2", "a(?i)b", "(?(1)a|b)", "(a)(?P=x)", "[\\8]", "(?P<a b>x)", "(a",
            "a)", "[a", "(?Lx)", "(?P<a>x)(?P<a>y)", "(a\\1)", "[b-a]"})
    void patternsPythonRejectsAreRejected(String pattern) {
        assertThrows(PythonRegexException.class, () -> PythonRegex.compile(pattern));
    }
}
