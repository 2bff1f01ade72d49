package dev.graalpymp.conformance.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The conformance report: a Markdown table with one row per example (result, the issue it waits for, wall
 * seconds, first failing check) and, alone on the last line, the {@link Tally}: {@code N passed, M failed}, then
 * how many were not exercised when some were.
 */
public final class MarkdownReport {
    /** Longest first-failing-check text shown in a table cell. */
    private static final int MAX_CELL = 400;

    private MarkdownReport() {
    }

    /** Renders the report; {@code preamble} lines (already Markdown) go between the title and the table. */
    public static String render(String title, List<String> preamble, List<ExampleOutcome> outcomes) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        for (String line : preamble) {
            md.append(line).append('\n');
        }
        if (!preamble.isEmpty()) {
            md.append('\n');
        }
        md.append("| example | result | waiting for | wall s | first failing check |\n");
        md.append("|---|---|---|---:|---|\n");
        for (ExampleOutcome o : outcomes) {
            md.append("| ").append(escape(o.id()))
                    .append(" | ").append(escape(o.resultLabel()))
                    .append(" | ").append(escape(o.waiting().map(WaitingEntry::describe).orElse("")))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", o.wallSeconds()))
                    .append(" | ").append(escape(cut(o.verdict().firstFailure())))
                    .append(" |\n");
        }
        md.append('\n').append(Tally.of(outcomes)).append('\n');
        return md.toString();
    }

    /** Writes the rendered report. */
    public static void write(Path file, String title, List<String> preamble, List<ExampleOutcome> outcomes)
            throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(title, preamble, outcomes), StandardCharsets.UTF_8);
    }

    /** Makes text safe for one table cell: no line breaks, Markdown/HTML metacharacters escaped. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n', '\r' -> out.append(' ');
                case '\\', '|', '`', '*', '[', ']', '<', '>', '#' -> out.append('\\').append(c);
                case '_' -> {
                    // GitHub Markdown never emphasizes inside a word (ids like 001_05_x stay readable).
                    boolean inWord = i > 0 && i + 1 < text.length()
                            && Character.isLetterOrDigit(text.charAt(i - 1))
                            && Character.isLetterOrDigit(text.charAt(i + 1));
                    out.append(inWord ? "_" : "\\_");
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String cut(String text) {
        return text.length() <= MAX_CELL ? text : text.substring(0, MAX_CELL - 3) + "...";
    }
}
