package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Verdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {
    private static final Verdict PASS = new Verdict(true, Optional.empty(), List.of());

    @Test
    void escapesCellText() {
        assertEquals("a \\| b \\*c\\* \\<d\\> \\\\n line", MarkdownReport.escape("a | b *c* <d> \\n\nline"));
        assertEquals("001_05_x \\_y\\_", MarkdownReport.escape("001_05_x _y_"));
    }

    @Test
    void tableAndSummaryLine() {
        List<ExampleOutcome> outcomes = List.of(
                new ExampleOutcome("a", Optional.empty(), PASS, Optional.empty()),
                new ExampleOutcome("b", Optional.empty(), PASS, Optional.empty(), Optional.of("requests")),
                new ExampleOutcome("c", Optional.empty(), new Verdict(false, Optional.empty(), List.of("x | y")),
                        Optional.of(new WaitingEntry("c", "4", "multiprocessing on the kernel"))));
        String md = MarkdownReport.render("Report", List.of("pre"), outcomes);
        String[] lines = md.split("\n");
        assertEquals("1 passed, 1 failed, 1 not exercised (third-party modules missing here: requests)",
                lines[lines.length - 1]);
        assertTrue(md.contains("| a | PASS |"), md);
        assertTrue(md.contains("| b | NOT EXERCISED (no module 'requests' here) |"), md);
        assertTrue(md.contains("| c | FAIL | issue 4: multiprocessing on the kernel | 0.0 | x \\| y |"), md);
    }

    @Test
    void summaryLineWithoutNotExercisedExamples() {
        List<ExampleOutcome> outcomes = List.of(new ExampleOutcome("a", Optional.empty(), PASS, Optional.empty()));
        String[] lines = MarkdownReport.render("Report", List.of(), outcomes).split("\n");
        assertEquals("1 passed, 0 failed", lines[lines.length - 1]);
    }

    @Test
    void aMissingModuleOnAFailingRunIsAFailure() {
        // The run stopped at the same import as CPython's recordings but printed something else: FAIL, not skipped.
        ExampleOutcome differs = new ExampleOutcome("d", Optional.empty(),
                new Verdict(false, Optional.empty(), List.of("[stdout #1 exact] differs")), Optional.empty(),
                Optional.of("gevent"));
        String md = MarkdownReport.render("Report", List.of(), List.of(differs));
        assertTrue(md.contains("| d | FAIL |"), md);
        assertTrue(md.endsWith("0 passed, 1 failed\n"), md);
    }
}
