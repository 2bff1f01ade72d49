package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.regex.PyPattern;
import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.text.PyLines;
import dev.graalpymp.conformance.text.PyRepr;

import java.util.List;
import java.util.Optional;
import java.util.regex.MatchResult;

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
            StringBuilder rebuilt = new StringBuilder();
            StringBuilder residue = new StringBuilder();
            int messageCount = 0;
            int pos = 0;
            for (MatchResult m : messages.get().findAll(text)) {
                if (m.end() == m.start()) {
                    continue;
                }
                residue.append(text, pos, m.start());
                rebuilt.append(m.group()).append('\n');
                messageCount++;
                pos = m.end();
            }
            residue.append(text, pos, text.length());
            String outside = PyLines.stripNewlines(residue.toString());
            if (!outside.isEmpty()) {
                return "normalize/messages: text outside the expected messages: "
                        + PyRepr.shortened(outside.replaceAll("\n+", " | "), 160);
            }
            long newlines = residue.chars().filter(c -> c == '\n').count();
            if (newlinePerMessage && newlines != messageCount) {
                return "normalize/messages: " + messageCount + " messages but " + newlines
                        + " newline characters (each print() writes exactly one)";
            }
            text = rebuilt.toString();
        }
        for (Rule rule : rules) {
            text = rule.pattern().sub(rule.replacement(), text);
        }
        texts.set(stream, text);
        return null;
    }
}
