package dev.graalpymp.conformance.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A compiled Python pattern with Python's matching operations. Create with {@link PythonRegex#compile}. */
public final class PyPattern {
    private final String source;
    private final Pattern pattern;
    /** The pattern followed by a check that the match is not empty; used with opaque region bounds. */
    private final Pattern nonEmptyPattern;
    private final int groupCount;
    private final Map<String, Integer> groupNames;

    PyPattern(String source, Pattern pattern, Pattern nonEmptyPattern, int groupCount,
              Map<String, Integer> groupNames) {
        this.source = source;
        this.pattern = pattern;
        this.nonEmptyPattern = nonEmptyPattern;
        this.groupCount = groupCount;
        this.groupNames = groupNames;
    }

    /** The Python source of the pattern. */
    public String source() {
        return source;
    }

    /** Python's {@code pattern.groups}. */
    public int groupCount() {
        return groupCount;
    }

    /** Python's {@code pattern.groupindex}. */
    public Map<String, Integer> groupNames() {
        return groupNames;
    }

    /** {@code re.fullmatch(pattern, text) is not None}. */
    public boolean fullmatch(CharSequence text) {
        return pattern.matcher(text).matches();
    }

    /** {@code re.search(pattern, text) is not None}. */
    public boolean search(CharSequence text) {
        return pattern.matcher(text).find();
    }

    /**
     * {@code list(re.finditer(pattern, text))} with Python 3.7+ semantics: after an empty match at p the
     * next match may be a non-empty one that also starts at p (Java's own iteration skips to p + 1).
     */
    public List<MatchResult> findAll(CharSequence text) {
        List<MatchResult> matches = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int from = 0;
        boolean previousWasEmpty = false;
        while (from <= text.length()) {
            MatchResult found = null;
            if (previousWasEmpty) {
                found = nonEmptyMatchAt(text, from);
                if (found == null) {
                    from = nextCodePoint(text, from);
                    if (from > text.length()) {
                        break;
                    }
                }
            }
            if (found == null) {
                if (!m.find(from)) {
                    break;
                }
                found = m.toMatchResult();
            }
            matches.add(found);
            previousWasEmpty = found.end() == found.start();
            from = found.end();
        }
        return matches;
    }

    /** {@code re.sub(pattern, template, text)}: every match replaced by the expanded Python template. */
    public String sub(String template, CharSequence text) {
        ReplacementTemplate parsed = ReplacementTemplate.parse(template, this);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (MatchResult match : findAll(text)) {
            out.append(text, copied, match.start());
            out.append(parsed.expand(match));
            copied = match.end();
        }
        out.append(text, copied, text.length());
        return out.toString();
    }

    private MatchResult nonEmptyMatchAt(CharSequence text, int at) {
        Matcher m = nonEmptyPattern.matcher(text);
        m.region(at, text.length());
        m.useAnchoringBounds(false);
        return m.lookingAt() ? m.toMatchResult() : null;
    }

    private static int nextCodePoint(CharSequence text, int index) {
        if (index < text.length() && Character.isHighSurrogate(text.charAt(index))
                && index + 1 < text.length() && Character.isLowSurrogate(text.charAt(index + 1))) {
            return index + 2;
        }
        return index + 1;
    }

    @Override
    public String toString() {
        return source;
    }
}
