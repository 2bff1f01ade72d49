package dev.graalpymp.conformance.suite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The "what works today" block of the project README, regenerated after every full conformance run so that
 * the README never states by hand what passes: the text between {@code <!-- conformance:begin -->} and
 * {@code <!-- conformance:end -->} is replaced.
 */
public final class ReadmeSummary {

    static final String BEGIN = "<!-- conformance:begin -->";
    static final String END = "<!-- conformance:end -->";

    private ReadmeSummary() {
    }

    /**
     * The block: the examples that pass, those not exercised (grouped by the module they miss), then those that
     * fail, grouped by the issue they wait for.
     */
    public static String render(List<ExampleOutcome> outcomes) {
        StringBuilder md = new StringBuilder();
        md.append("**").append(Tally.of(outcomes)).append("** of the ")
                .append(outcomes.size()).append(" seed examples (last full run of the suite).\n\n");
        md.append("| examples | result |\n|---|---|\n");
        md.append("| ").append(ids(outcomes.stream().filter(ExampleOutcome::exercisedAndPassed).toList()))
                .append(" | pass |\n");
        Map<String, List<ExampleOutcome>> notExercised = outcomes.stream()
                .filter(ExampleOutcome::notExercised)
                .collect(Collectors.groupingBy(o -> o.missingModule().orElseThrow(), TreeMap::new,
                        Collectors.toList()));
        notExercised.forEach((module, list) -> md.append("| ").append(ids(list))
                .append(" | not exercised: needs ").append(MarkdownReport.escape(module))
                .append(", not installed here; CPython's recorded runs stop at that import too |\n"));
        Map<String, List<ExampleOutcome>> waiting = outcomes.stream()
                .filter(o -> !o.passed())
                .collect(Collectors.groupingBy(o -> o.waiting().map(WaitingEntry::describe)
                        .orElse("not expected: a regression"), TreeMap::new, Collectors.toList()));
        waiting.forEach((reason, list) -> md.append("| ").append(ids(list)).append(" | fail, waits for ")
                .append(MarkdownReport.escape(reason)).append(" |\n"));
        return md.toString();
    }

    private static String ids(List<ExampleOutcome> outcomes) {
        return outcomes.stream().map(o -> o.id().substring(0, Math.min(6, o.id().length())))
                .collect(Collectors.joining(" "));
    }

    /** Replaces the block in {@code readme}; a README without the markers is left untouched. */
    public static void update(Path readme, List<ExampleOutcome> outcomes) throws IOException {
        if (!Files.isRegularFile(readme)) {
            return;
        }
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            return;
        }
        String updated = text.substring(0, begin + BEGIN.length()) + "\n" + render(outcomes) + text.substring(end);
        Files.writeString(readme, updated, StandardCharsets.UTF_8);
    }
}
