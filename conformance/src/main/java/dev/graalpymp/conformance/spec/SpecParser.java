package dev.graalpymp.conformance.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graalpymp.conformance.check.Check;
import dev.graalpymp.conformance.check.CountCheck;
import dev.graalpymp.conformance.check.ExactCheck;
import dev.graalpymp.conformance.check.LineSelection;
import dev.graalpymp.conformance.check.MultisetCheck;
import dev.graalpymp.conformance.check.NormalizeCheck;
import dev.graalpymp.conformance.check.NumberCheck;
import dev.graalpymp.conformance.check.RegexCheck;
import dev.graalpymp.conformance.check.SequenceCheck;
import dev.graalpymp.conformance.python.PyPattern;
import dev.graalpymp.conformance.python.PythonText;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads spec JSON into {@link Spec}s, compiling every pattern up front so that a bad spec fails at load time
 * with the check that is wrong, not in the middle of a run. An absent optional field and a JSON null are
 * treated alike.
 */
public final class SpecParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecParser() {
    }

    /** Loads one spec file. */
    public static Spec load(Path file) {
        try {
            return parse(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new SpecException("cannot read spec " + file + ": " + e.getMessage(), e);
        } catch (SpecException e) {
            throw new SpecException("bad spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses spec JSON text. */
    public static Spec parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new SpecException("spec is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Spec parse(JsonNode root) {
        String id = requiredText(root, "id");
        List<Check> checks = checks(optional(root, "checks"), "checks");
        List<Alternative> alternatives = new ArrayList<>();
        JsonNode alts = optional(root, "alternatives");
        if (alts != null) {
            for (int i = 0; i < alts.size(); i++) {
                alternatives.add(alternative(alts.get(i), "alternatives[" + i + "]"));
            }
        }
        return new Spec(id, textList(required(root, "argv"), "argv"), required(root, "timeout_s").asDouble(),
                run(required(root, "run")), rcList(optional(root, "expect_rc"), "expect_rc"), checks, alternatives);
    }

    private static RunSettings run(JsonNode run) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode envNode = optional(run, "env");
        if (envNode != null) {
            Iterator<Map.Entry<String, JsonNode>> fields = envNode.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                env.put(e.getKey(), e.getValue().asText());
            }
        }
        Optional<BufferedVariant> buffered = Optional.empty();
        JsonNode variant = optional(run, "buffered_variant");
        if (variant != null) {
            JsonNode unset = optional(variant, "env_unset");
            buffered = Optional.of(new BufferedVariant(textList(required(variant, "argv"), "buffered_variant.argv"),
                    unset == null ? List.of() : textList(unset, "buffered_variant.env_unset")));
        }
        JsonNode cwd = optional(run, "cwd");
        JsonNode stdin = optional(run, "stdin");
        return new RunSettings(cwd == null ? "{workdir}" : cwd.asText(), stdin == null ? "/dev/null" : stdin.asText(),
                env, buffered);
    }

    private static Alternative alternative(JsonNode a, String where) {
        Set<Mode> modes = EnumSet.of(Mode.UNBUFFERED, Mode.BUFFERED);
        JsonNode modeList = optional(a, "modes");
        if (modeList != null) {
            modes = EnumSet.noneOf(Mode.class);
            for (String m : textList(modeList, where + ".modes")) {
                Mode mode = Mode.of(m);
                if (mode == Mode.ANY) {
                    throw new SpecException(where + ".modes: 'any' is not a mode a run can have");
                }
                modes.add(mode);
            }
        }
        return new Alternative(optionalText(a, "name"), modes, rcList(optional(a, "expect_rc"), where + ".expect_rc"),
                optionalText(a, "note"), checks(optional(a, "checks"), where + ".checks"));
    }

    private static List<Check> checks(JsonNode list, String where) {
        List<Check> checks = new ArrayList<>();
        if (list == null) {
            return checks;
        }
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            try {
                checks.add(check(list.get(i)));
            } catch (IllegalArgumentException | SpecException e) {
                throw new SpecException(at + ": " + e.getMessage(), e);
            }
        }
        return checks;
    }

    private static Check check(JsonNode c) {
        JsonNode streamNode = optional(c, "stream");
        StreamName stream = StreamName.of(streamNode == null ? "stdout" : streamNode.asText());
        String kind = requiredText(c, "kind");
        return switch (kind) {
            case "normalize" -> normalize(c, stream);
            case "exact" -> new ExactCheck(stream, requiredText(c, "text"));
            case "regex" -> new RegexCheck(stream, pattern(requiredText(c, "pattern")));
            case "sequence" -> new SequenceCheck(stream,
                    textList(required(c, "patterns"), "patterns").stream().map(PythonText::compile).toList(),
                    selection(c));
            case "multiset" -> new MultisetCheck(stream, textList(required(c, "lines"), "lines"), selection(c));
            case "count" -> count(c, stream);
            case "number" -> new NumberCheck(stream, pattern(requiredText(c, "pattern")), number(c, "min"),
                    number(c, "max"), number(c, "count_min").orElse(1), number(c, "count_max"),
                    number(c, "distinct_max"));
            default -> throw new SpecException("unknown check kind '" + kind
                    + "' (known: normalize, exact, regex, sequence, multiset, count, number)");
        };
    }

    private static NormalizeCheck normalize(JsonNode c, StreamName stream) {
        List<NormalizeCheck.Rule> rules = new ArrayList<>();
        JsonNode ruleList = optional(c, "rules");
        if (ruleList != null) {
            for (JsonNode rule : ruleList) {
                if (!rule.isArray() || rule.size() != 2) {
                    throw new SpecException("a normalize rule is [regex, replacement], got " + rule);
                }
                rules.add(new NormalizeCheck.Rule(pattern(rule.get(0).asText()), rule.get(1).asText()));
            }
        }
        JsonNode newlines = optional(c, "newline_per_message");
        return new NormalizeCheck(stream, optionalText(c, "messages").map(SpecParser::pattern),
                newlines == null || newlines.asBoolean(), rules);
    }

    private static CountCheck count(JsonNode c, StreamName stream) {
        Optional<String> text = optionalText(c, "text");
        Optional<PyPattern> pattern = text.isPresent() ? Optional.empty()
                : Optional.of(pattern(requiredText(c, "pattern")));
        return new CountCheck(stream, text, pattern, number(c, "min").orElse(0), number(c, "max"));
    }

    private static LineSelection selection(JsonNode c) {
        return new LineSelection(optionalText(c, "select").map(SpecParser::pattern));
    }

    private static PyPattern pattern(String source) {
        return PythonText.compile(source);
    }

    private static Optional<Number> number(JsonNode node, String field) {
        JsonNode n = optional(node, field);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isNumber()) {
            throw new SpecException("'" + field + "' must be a number, got " + n);
        }
        return Optional.of(n.numberValue());
    }

    private static Optional<List<Integer>> rcList(JsonNode node, String where) {
        if (node == null) {
            return Optional.empty();
        }
        List<Integer> codes = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.canConvertToInt()) {
                throw new SpecException(where + ": exit codes must be integers, got " + n);
            }
            codes.add(n.intValue());
        }
        return Optional.of(List.copyOf(codes));
    }

    private static List<String> textList(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new SpecException(where + " must be a list");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode n : node) {
            items.add(n.asText());
        }
        return items;
    }

    private static JsonNode optional(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n;
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return Optional.ofNullable(optional(node, field)).map(JsonNode::asText);
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode n = optional(node, field);
        if (n == null) {
            throw new SpecException("missing field '" + field + "'");
        }
        return n;
    }

    private static String requiredText(JsonNode node, String field) {
        return required(node, field).asText();
    }
}
