package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;
import dev.graalpymp.conformance.spec.StreamName;

import java.util.List;
import java.util.Optional;

/**
 * {@code normalize}: rewrites the stream for all later checks. With {@code messages}, the text is cut into
 * the pattern's non-empty matches and rebuilt one message per line; this undoes the gluing of concurrent
 * {@code print()}s under {@code -u} (each print is two writes: the text, then "\n") and fails when anything
 * but newlines lies between the messages or (with {@code newline_per_message}) when the newlines do not
 * number one per message. Then each rule is applied with {@code re.sub}.
 */
public record NormalizeCheck(StreamName stream, Optional<PyPattern> messages, boolean newlinePerMessage,
                             List<Rule> rules) implements Check {
    /** One {@code [regex, replacement]} pair, the replacement in Python template syntax. */
    public record Rule(PyPattern pattern, String replacement) {
    }

    public NormalizeCheck {
        rules = List.copyOf(rules);
    }

    @Override
    public String kind() {
        return "normalize";
    }

    @Override
    public String apply(StreamTexts texts) {
        String text = texts.get(stream);
        if (messages.isPresent()) {
            PythonText.MessageSplit split = PythonText.splitMessages(messages.get(), text);
            String residue = split.residue();
            String outside = residue.replaceAll("\\A\n+|\n+\\z", ""); // Python's residue.strip("\n")
            if (!outside.isEmpty()) {
                return "normalize/messages: text outside the expected messages: "
                        + PythonText.shortRepr(outside.replaceAll("\n+", " | "), 160);
            }
            long newlines = residue.chars().filter(c -> c == '\n').count();
            int messageCount = split.messages().size();
            if (newlinePerMessage && newlines != messageCount) {
                return "normalize/messages: " + messageCount + " messages but " + newlines
                        + " newline characters (each print() writes exactly one)";
            }
            StringBuilder rebuilt = new StringBuilder();
            split.messages().forEach(m -> rebuilt.append(m).append('\n'));
            text = rebuilt.toString();
        }
        if (!rules.isEmpty()) {
            text = PythonText.subAll(rules.stream().map(Rule::pattern).toList(),
                    rules.stream().map(Rule::replacement).toList(), text);
        }
        texts.set(stream, text);
        return null;
    }
}
