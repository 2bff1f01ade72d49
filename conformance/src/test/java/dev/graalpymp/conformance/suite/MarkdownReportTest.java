package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.check.Verdict;
import dev.graalpymp.conformance.spec.Alternative;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkdownReportTest {
    @Test
    void escapesCellText() {
        assertEquals("a \\| b \\*c\\* \\<d\\> \\\\n line", MarkdownReport.escape("a | b *c* <d> \\n\nline"));
        assertEquals("001_05_x \\_y\\_", MarkdownReport.escape("001_05_x _y_"));
    }

    @Test
    void tableAndSummaryLine() {
        Alternative skipped = new Alternative(Optional.of("missing"), Set.of(), Optional.empty(),
                Optional.of("dependency missing: the example is not exercised"), List.of());
        List<ExampleOutcome> outcomes = List.of(
                new ExampleOutcome("a", Optional.empty(), new Verdict(true, Optional.empty(), List.of()), Optional.empty()),
                new ExampleOutcome("b", Optional.empty(), new Verdict(true, Optional.of(skipped), List.of()),
                        Optional.empty()),
                new ExampleOutcome("c", Optional.empty(), new Verdict(false, Optional.empty(), List.of("x | y")),
                        Optional.of(new WaitingEntry("c", "4", "multiprocessing on the kernel"))));
        String md = MarkdownReport.render("Report", List.of("pre"), outcomes);
        String[] lines = md.split("\n");
        assertEquals("2 passed, 1 failed", lines[lines.length - 1]);
        assertTrue(md.contains("| b | PASS (dependency missing: the example is not exercised) |"), md);
        assertTrue(md.contains("| c | FAIL | issue 4: multiprocessing on the kernel | 0.0 | x \\| y |"), md);
    }
}
