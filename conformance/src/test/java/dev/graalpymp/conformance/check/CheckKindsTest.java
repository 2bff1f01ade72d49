package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PythonText;
import dev.graalpymp.conformance.spec.Mode;
import dev.graalpymp.conformance.spec.Spec;
import dev.graalpymp.conformance.spec.SpecParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each check kind and the alternative/mode rules on small specs. The expected failure messages are the
 * reference check.py's, character for character.
 */
class CheckKindsTest {
    private static Spec spec(String checksJson) {
        return spec(checksJson, "");
    }

    private static Spec spec(String checksJson, String alternativesJson) {
        return SpecParser.parse("{\"id\": \"t\", \"argv\": [\"python3\", \"x.py\"], \"timeout_s\": 5, \"run\": {},"
                + " \"expect_rc\": [0, 1], \"checks\": " + checksJson
                + (alternativesJson.isEmpty() ? "" : ", \"alternatives\": " + alternativesJson) + "}");
    }

    private static List<String> reasons(String checksJson, String stdout) {
        return Checker.evaluate(spec(checksJson), stdout, "", 0, Mode.ANY).reasons();
    }

    @Test
    void exact() {
        assertEquals(List.of("common: [stdout #1 exact] exact: expected 'a\\n', got 'b\\n'"),
                reasons("[{\"kind\": \"exact\", \"text\": \"a\\n\"}]", "b\n"));
    }

    @Test
    void regexMustMatchTheWholeStream() {
        assertEquals(List.of("common: [stdout #1 regex] regex: 'a+\\\\n' does not match the whole stdout 'b\\n'"),
                reasons("[{\"kind\": \"regex\", \"pattern\": \"a+\\\\n\"}]", "b\n"));
        assertEquals(List.of(), reasons("[{\"kind\": \"regex\", \"pattern\": \"a+\\\\n\"}]", "aa\n"));
    }

    @Test
    void sequenceOverSelectedLines() {
        String check = "[{\"kind\": \"sequence\", \"patterns\": [\"x 1\", \"x 2\"], \"select\": \"^x\"}]";
        assertEquals(List.of(), reasons(check, "x 1\ny\nx 2\n"));
        assertEquals(List.of("common: [stdout #1 sequence] sequence [select ^x]: line 1 'x 2' does not match 'x 1'"),
                reasons(check, "x 2\ny\nx 1\n"));
        assertEquals(List.of("common: [stdout #1 sequence] sequence [select ^x]: expected 2 lines, got 1: ['x 1']"),
                reasons(check, "x 1\n"));
    }

    @Test
    void multisetCountsDuplicates() {
        String check = "[{\"kind\": \"multiset\", \"lines\": [\"a\", \"b\", \"b\"]}]";
        assertEquals(List.of(), reasons(check, "b\na\nb\n"));
        assertEquals(List.of("common: [stdout #1 multiset] multiset: missing ['b'], unexpected ['c']"),
                reasons(check, "b\nc\na\n"));
    }

    @Test
    void countTextAndPattern() {
        assertEquals(List.of("common: [stdout #1 count] count: 'ab' occurs 3 times in stdout, expected == 2"),
                reasons("[{\"kind\": \"count\", \"text\": \"ab\", \"min\": 2, \"max\": 2}]", "abab ab"));
        assertEquals(List.of("common: [stdout #1 count] count: 'a+' occurs 1 times in stdout, expected [2, ∞]"),
                reasons("[{\"kind\": \"count\", \"pattern\": \"a+\", \"min\": 2}]", "aa"));
        assertEquals(List.of("common: [stdout #1 count] count: 'x' occurs 1 times in stdout, expected == 0"),
                reasons("[{\"kind\": \"count\", \"text\": \"x\", \"max\": 0}]", "x"));
    }

    @Test
    void numberBoundsCountsAndDistinctValues() {
        assertEquals(List.of("common: [stdout #1 number] number: 't=([0-9.]+)' = 3 outside [1, 2.5]"),
                reasons("[{\"kind\": \"number\", \"pattern\": \"t=([0-9.]+)\", \"min\": 1, \"max\": 2.5,"
                        + " \"count_min\": 2, \"count_max\": 3}]", "t=1.5 t=3"));
        assertEquals(List.of("common: [stdout #1 number] number: 2 matches of 't=([0-9.]+)', expected [3, ∞]"),
                reasons("[{\"kind\": \"number\", \"pattern\": \"t=([0-9.]+)\", \"count_min\": 3}]", "t=1.5 t=3"));
        assertEquals(List.of("common: [stdout #1 number] number: 3 distinct values of 'p=([0-9]+)', at most 2 allowed"),
                reasons("[{\"kind\": \"number\", \"pattern\": \"p=([0-9]+)\", \"distinct_max\": 2}]", "p=1 p=2 p=3 p=1"));
        assertEquals(List.of("common: [stdout #1 number] number: '1..5' is not a number ('t=([0-9.]+)')"),
                reasons("[{\"kind\": \"number\", \"pattern\": \"t=([0-9.]+)\"}]", "t=1..5"));
    }

    @Test
    void normalizeMessagesUndoesGluedPrints() {
        String checks = "[{\"kind\": \"normalize\", \"messages\": \"A|B\"}, {\"kind\": \"exact\", \"text\": \"A\\nB\\n\"}]";
        assertEquals(List.of(), reasons(checks, "AB\n\n"));
        assertEquals(List.of("common: [stdout #1 normalize] normalize/messages: 2 messages but 1 newline characters"
                + " (each print() writes exactly one)"), reasons(checks, "AB\n"));
        assertEquals(List.of("common: [stdout #1 normalize] normalize/messages: text outside the expected messages: 'x'"),
                reasons(checks, "AxB\n\n"));
        assertEquals(List.of(), reasons("[{\"kind\": \"normalize\", \"messages\": \"A|B\", \"newline_per_message\": false},"
                + " {\"kind\": \"exact\", \"text\": \"A\\nB\\n\"}]", "AB\n"));
    }

    @Test
    void normalizeRulesApplyInOrderForLaterChecks() {
        assertEquals(List.of(), reasons("[{\"kind\": \"normalize\", \"rules\": [[\"[0-9]+\", \"<N>\"], [\"<N> <N>\", \"pair\"]]},"
                + " {\"kind\": \"exact\", \"text\": \"pair\\n\"}]", "12 34\n"));
    }

    private static final String ALTERNATIVES = """
            [{"name": "u", "modes": ["unbuffered"], "checks": [{"kind": "exact", "text": "N u\\n"}]},
             {"name": "b", "modes": ["buffered"], "expect_rc": [1], "note": "dependency missing: x",
              "checks": [{"kind": "exact", "text": "N b\\n"}]}]""";

    @Test
    void alternativesSeeCommonNormalizationAndFilterByMode() {
        Spec s = spec("[{\"kind\": \"normalize\", \"rules\": [[\"[0-9]+\", \"N\"]]}]", ALTERNATIVES);
        Verdict u = Checker.evaluate(s, "1 u\n", "", 0, Mode.UNBUFFERED);
        assertTrue(u.passed());
        assertEquals("PASS t [alternative: u]", u.render("t"));
        assertEquals(Optional.empty(), u.note());

        Verdict b = Checker.evaluate(s, "1 b\n", "", 1, Mode.BUFFERED);
        assertEquals(Optional.of("dependency missing: x"), b.note());
        assertEquals("PASS t [alternative: b] NOTE: dependency missing: x", b.render("t"));

        assertEquals(List.of("alternative 'u': [stdout #1 exact] exact: expected 'N u\\n', got 'N b\\n'",
                        "alternative 'b': [rc] exit status 0, expected one of [1]"),
                Checker.evaluate(s, "1 b\n", "", 0, Mode.ANY).reasons());
        assertEquals(List.of("alternative 'u': [stdout #1 exact] exact: expected 'N u\\n', got 'N b\\n'"),
                Checker.evaluate(s, "1 b\n", "", 0, Mode.UNBUFFERED).reasons());
    }

    @Test
    void noAlternativeForTheMode() {
        Spec s = spec("[]", "[{\"name\": \"u\", \"modes\": [\"unbuffered\"], \"checks\": []}]");
        assertEquals(List.of("no alternative of this spec applies to mode 'buffered'"),
                Checker.evaluate(s, "", "", 0, Mode.BUFFERED).reasons());
    }

    @Test
    void aFittingAlternativeReportsOnlyTheCommonFailures() {
        Spec s = spec("[{\"stream\": \"stderr\", \"kind\": \"exact\", \"text\": \"\"}]", "[{\"name\": \"u\", \"checks\": []}]");
        assertEquals(List.of("common: [stderr #1 exact] exact: expected '', got 'boom'"),
                Checker.evaluate(s, "", "boom", 0, Mode.ANY).reasons());
    }

    @Test
    void exitStatusOfASpecWithoutAlternatives() {
        Spec s = spec("[]");
        assertEquals(List.of("[rc] exit status 2, expected one of [0, 1]"),
                Checker.evaluate(s, "", "", 2, Mode.UNBUFFERED).reasons());
    }

    @Test
    void stderrIgnoreDropsMatchingLines() {
        Spec s = spec("[{\"stream\": \"stderr\", \"kind\": \"exact\", \"text\": \"real\\n\"}]");
        Verdict v = Checker.evaluate(s, "", "banner 1\nreal\nbanner 2", 0, Mode.ANY,
                List.of(PythonText.compile("^banner")));
        assertTrue(v.passed(), v.reasons()::toString);
    }
}
