package dev.graalpymp.conformance.regex;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites a Python {@code re} pattern (str pattern, Python 3.12 rules) into an equivalent java.util.regex
 * pattern, to be compiled with {@link PythonRegex#JAVA_FLAGS}.
 *
 * <p>Differences handled: {@code (?P<name>…)} becomes a plain numbered group (Java group names cannot hold
 * {@code _}; numbering stays identical), {@code (?P=name)} and {@code \N} become bracketed numeric
 * backreferences, {@code \Z} is Java's {@code \z}, a multiline {@code ^} also matches at the very end after a
 * final newline (Java's does not), {@code {,n}} and brace text that is not a quantifier, Python's flat
 * character classes (a {@code [} or {@code &&} inside a class is literal in Python), octal and
 * {@code \U}/{@code \N{…}} escapes, {@code \v} (one character in Python, a class in Java), verbose mode
 * (stripped here, since Java's comments mode also strips blanks inside classes) and the {@code a} flag.
 * Python's error cases (bad escapes, invalid group references, global flags not at the start) are reported.
 */
final class RegexTranslator {
    /** Result: the Java pattern text and Python's group numbering. */
    record Translation(String javaPattern, int groupCount, Map<String, Integer> groupNames) {
    }

    private record Flags(boolean multiline, boolean verbose) {
    }

    private record Frame(Flags saved, int capturingGroup) {
    }

    private static final String ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String PYTHON_WHITESPACE = " \t\n\r\u000b\f";

    private final String src;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, Integer> groupNames = new LinkedHashMap<>();
    private final Set<Integer> openGroups = new HashSet<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private int pos;
    private int groupCount;
    private Flags flags = new Flags(false, false);
    /** Global flag groups are only allowed before anything else (Python 3.11+). */
    private boolean onlyFlagsSoFar = true;

    private RegexTranslator(String src) {
        this.src = src;
    }

    static Translation translate(String pythonPattern) {
        RegexTranslator t = new RegexTranslator(pythonPattern);
        t.translateAll();
        return new Translation(t.out.toString(), t.groupCount, Map.copyOf(t.groupNames));
    }

    private void translateAll() {
        while (pos < src.length()) {
            if (flags.verbose() && skipVerboseFiller()) {
                continue;
            }
            char c = src.charAt(pos);
            boolean isGlobalFlagGroup = false;
            switch (c) {
                case '\\' -> escapeOutsideClass();
                case '[' -> characterClass();
                case '(' -> isGlobalFlagGroup = openGroup();
                case ')' -> closeGroup();
                case '{' -> brace();
                case '^' -> {
                    pos++;
                    out.append(flags.multiline() ? "(?:\\A|(?<=\\n))" : "^");
                }
                case '.', '|', '*', '+', '?', '$' -> {
                    pos++;
                    out.append(c);
                }
                default -> {
                    int cp = src.codePointAt(pos);
                    pos += Character.charCount(cp);
                    appendLiteral(cp);
                }
            }
            if (!isGlobalFlagGroup) {
                onlyFlagsSoFar = false;
            }
        }
        if (!frames.isEmpty()) {
            throw error("missing ), unterminated subpattern");
        }
    }

    private boolean skipVerboseFiller() {
        char c = src.charAt(pos);
        if (PYTHON_WHITESPACE.indexOf(c) >= 0) {
            pos++;
            return true;
        }
        if (c == '#') {
            while (pos < src.length() && src.charAt(pos) != '\n') {
                pos++;
            }
            return true;
        }
        return false;
    }

    // ---- escapes ---------------------------------------------------------------------------------------

    private void escapeOutsideClass() {
        int start = pos;
        pos++;
        if (pos >= src.length()) {
            throw error("bad escape (end of pattern)");
        }
        char c = src.charAt(pos++);
        switch (c) {
            case 'A', 'b', 'B', 'd', 'D', 's', 'S', 'w', 'W' -> out.append('\\').append(c);
            case 'Z' -> out.append("\\z");
            case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> backreferenceOrOctal(c, start);
            default -> {
                pos = start;
                appendLiteral(readCharacterEscape(false));
            }
        }
    }

    /** Python reads {@code \NN} as a group reference unless it is a three-digit octal escape. */
    private void backreferenceOrOctal(char first, int start) {
        String digits = String.valueOf(first);
        if (pos < src.length() && isDigit(src.charAt(pos))) {
            digits += src.charAt(pos++);
            if (isOctal(digits.charAt(0)) && isOctal(digits.charAt(1))
                    && pos < src.length() && isOctal(src.charAt(pos))) {
                digits += src.charAt(pos++);
                int value = Integer.parseInt(digits, 8);
                if (value > 0377) {
                    throw errorAt("octal escape value \\" + digits + " outside of range 0-0o377", start);
                }
                appendLiteral(value);
                return;
            }
        }
        appendBackreference(Integer.parseInt(digits), start);
    }

    private void appendBackreference(int group, int start) {
        if (group > groupCount) {
            throw errorAt("invalid group reference " + group, start);
        }
        if (openGroups.contains(group)) {
            throw errorAt("cannot refer to an open group", start);
        }
        // Bracketed so that a digit emitted next can never extend the group number.
        out.append("(?:\\").append(group).append(')');
    }

    /**
     * Reads an escape at {@code pos} (which is at the backslash) that stands for one character and returns
     * its code point; letters that are not escapes are errors in Python, other characters stand for
     * themselves.
     */
    private int readCharacterEscape(boolean inClass) {
        int start = pos;
        pos++;
        if (pos >= src.length()) {
            throw errorAt("bad escape (end of pattern)", start);
        }
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case 'a': return 7;
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'v': return 0x0b;
            case 'x': return hexEscape(2, start);
            case 'u': return hexEscape(4, start);
            case 'U': {
                int value = hexEscape(8, start);
                if (value > Character.MAX_CODE_POINT) {
                    throw errorAt("bad escape " + src.substring(start, pos), start);
                }
                return value;
            }
            case 'N': return namedCharacter(start);
            case '0': return octalEscape(0, 2);
            default:
                break;
        }
        if (inClass && c >= '1' && c <= '7') {
            return octalEscape(c - '0', 2);
        }
        if (c < 128 && (ASCII_LETTERS.indexOf(c) >= 0 || isDigit((char) c))) {
            throw errorAt("bad escape " + src.substring(start, pos), start);
        }
        return c;
    }

    private int octalEscape(int initial, int moreDigits) {
        int value = initial;
        for (int i = 0; i < moreDigits && pos < src.length() && isOctal(src.charAt(pos)); i++) {
            value = value * 8 + (src.charAt(pos++) - '0');
        }
        if (value > 0377) {
            throw error("octal escape value outside of range 0-0o377");
        }
        return value;
    }

    private int hexEscape(int digits, int start) {
        if (pos + digits > src.length()) {
            throw errorAt("incomplete escape " + src.substring(start), start);
        }
        String hex = src.substring(pos, pos + digits);
        for (int i = 0; i < hex.length(); i++) {
            if (Character.digit(hex.charAt(i), 16) < 0 || hex.charAt(i) > 127) {
                throw errorAt("incomplete escape " + src.substring(start, pos + i), start);
            }
        }
        pos += digits;
        return Integer.parseInt(hex, 16);
    }

    private int namedCharacter(int start) {
        if (pos >= src.length() || src.charAt(pos) != '{') {
            throw errorAt("missing {", start);
        }
        int close = src.indexOf('}', pos);
        if (close < 0) {
            throw errorAt("missing }, unterminated name", start);
        }
        String name = src.substring(pos + 1, close);
        pos = close + 1;
        try {
            return Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
            throw errorAt("undefined character name '" + name + "'", start);
        }
    }

    // ---- character classes -----------------------------------------------------------------------------

    private void characterClass() {
        int start = pos;
        pos++;
        out.append('[');
        if (pos < src.length() && src.charAt(pos) == '^') {
            pos++;
            out.append('^');
        }
        boolean first = true;
        while (true) {
            if (pos >= src.length()) {
                throw errorAt("unterminated character set", start);
            }
            if (src.charAt(pos) == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            String category = classCategory();
            if (category != null) {
                out.append(category);
                continue;
            }
            int low = classCharacter();
            boolean isRange = pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']';
            if (!isRange) {
                appendLiteral(low);
                continue;
            }
            pos++;
            if (classCategory() != null) {
                throw errorAt("bad character range", start);
            }
            int high = classCharacter();
            if (high < low) {
                throw errorAt("bad character range", start);
            }
            appendLiteral(low);
            out.append('-');
            appendLiteral(high);
        }
        out.append(']');
    }

    /** A {@code \d}-style category at {@code pos} (consumed), or null. */
    private String classCategory() {
        if (src.charAt(pos) == '\\' && pos + 1 < src.length() && "dDsSwW".indexOf(src.charAt(pos + 1)) >= 0) {
            String category = src.substring(pos, pos + 2);
            pos += 2;
            return category;
        }
        return null;
    }

    private int classCharacter() {
        if (src.charAt(pos) == '\\') {
            if (pos + 1 < src.length() && src.charAt(pos + 1) == 'b') {
                pos += 2;
                return '\b';
            }
            return readCharacterEscape(true);
        }
        int cp = src.codePointAt(pos);
        pos += Character.charCount(cp);
        return cp;
    }

    // ---- groups ----------------------------------------------------------------------------------------

    /** Returns true when the group was a global flag group (allowed only at the start). */
    private boolean openGroup() {
        int start = pos;
        pos++;
        if (pos >= src.length() || src.charAt(pos) != '?') {
            push(++groupCount);
            out.append('(');
            return false;
        }
        pos++;
        if (pos >= src.length()) {
            throw errorAt("unexpected end of pattern", start);
        }
        char c = src.charAt(pos++);
        switch (c) {
            case 'P' -> namedGroupOrReference(start);
            case ':' -> open("(?:");
            case '=' -> open("(?=");
            case '!' -> open("(?!");
            case '>' -> open("(?>");
            case '<' -> {
                char next = pos < src.length() ? src.charAt(pos++) : '\0';
                if (next != '=' && next != '!') {
                    throw errorAt("unknown extension ?<" + next, start);
                }
                open("(?<" + next);
            }
            case '#' -> {
                int close = src.indexOf(')', pos);
                if (close < 0) {
                    throw errorAt("missing ), unterminated comment", start);
                }
                pos = close + 1;
            }
            case '(' -> throw errorAt("conditional groups (?(id)yes|no) have no java.util.regex equivalent", start);
            default -> {
                pos--;
                return flagGroup(start);
            }
        }
        return false;
    }

    private void namedGroupOrReference(int start) {
        char kind = pos < src.length() ? src.charAt(pos++) : '\0';
        if (kind == '<') {
            String name = readName('>', start);
            if (groupNames.containsKey(name)) {
                throw errorAt("redefinition of group name '" + name + "'", start);
            }
            groupNames.put(name, ++groupCount);
            push(groupCount);
            out.append('(');
        } else if (kind == '=') {
            String name = readName(')', start);
            Integer group = groupNames.get(name);
            if (group == null) {
                throw errorAt("unknown group name '" + name + "'", start);
            }
            appendBackreference(group, start);
        } else {
            throw errorAt("unknown extension ?P" + kind, start);
        }
    }

    private String readName(char terminator, int start) {
        int end = src.indexOf(terminator, pos);
        if (end < 0) {
            throw errorAt("missing " + terminator + ", unterminated name", start);
        }
        String name = src.substring(pos, end);
        pos = end + 1;
        if (!isIdentifier(name)) {
            throw errorAt("bad character in group name '" + name + "'", start);
        }
        return name;
    }

    private boolean flagGroup(int start) {
        boolean multiline = flags.multiline();
        boolean verbose = flags.verbose();
        StringBuilder add = new StringBuilder();
        StringBuilder remove = new StringBuilder();
        boolean removing = false;
        while (pos < src.length() && src.charAt(pos) != ':' && src.charAt(pos) != ')') {
            char f = src.charAt(pos++);
            if (f == '-') {
                if (removing) {
                    throw errorAt("bad inline flags", start);
                }
                removing = true;
                continue;
            }
            switch (f) {
                case 'i', 's' -> (removing ? remove : add).append(f);
                case 'm' -> {
                    (removing ? remove : add).append(f);
                    multiline = !removing;
                }
                case 'x' -> verbose = !removing;
                case 'a' -> {
                    if (removing) {
                        throw errorAt("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", start);
                    }
                    remove.append('U');
                }
                case 'u' -> {
                    if (removing) {
                        throw errorAt("bad inline flags: cannot turn off flags 'a', 'u' and 'L'", start);
                    }
                }
                case 'L' -> throw errorAt("bad inline flags: cannot use 'L' flag with a str pattern", start);
                default -> throw errorAt("unknown flag", start);
            }
        }
        if (pos >= src.length()) {
            throw errorAt("missing -, : or )", start);
        }
        boolean scoped = src.charAt(pos++) == ':';
        String javaFlags = add + (remove.isEmpty() ? "" : "-" + remove);
        if (scoped) {
            open(javaFlags.isEmpty() ? "(?:" : "(?" + javaFlags + ":");
            flags = new Flags(multiline, verbose);
            return false;
        }
        if (removing) {
            throw errorAt("missing :", start);
        }
        if (!onlyFlagsSoFar || !frames.isEmpty()) {
            throw errorAt("global flags not at the start of the expression", start);
        }
        flags = new Flags(multiline, verbose);
        if (!javaFlags.isEmpty()) {
            out.append("(?").append(javaFlags).append(')');
        }
        return true;
    }

    private void open(String javaOpening) {
        push(0);
        out.append(javaOpening);
    }

    private void push(int capturingGroup) {
        frames.push(new Frame(flags, capturingGroup));
        if (capturingGroup > 0) {
            openGroups.add(capturingGroup);
        }
    }

    private void closeGroup() {
        if (frames.isEmpty()) {
            throw error("unbalanced parenthesis");
        }
        pos++;
        Frame frame = frames.pop();
        flags = frame.saved();
        openGroups.remove(frame.capturingGroup());
        out.append(')');
    }

    // ---- braces ----------------------------------------------------------------------------------------

    /** A Python quantifier {m}, {m,}, {,n}, {m,n}; any other brace text is literal in Python. */
    private void brace() {
        int start = pos;
        pos++;
        String low = digits();
        boolean comma = pos < src.length() && src.charAt(pos) == ',';
        String high = low;
        if (comma) {
            pos++;
            high = digits();
        }
        boolean empty = low.isEmpty() && !comma;
        if (empty || pos >= src.length() || src.charAt(pos) != '}') {
            pos = start + 1;
            out.append("\\{");
            return;
        }
        pos++;
        if (!low.isEmpty() && !high.isEmpty() && Long.parseLong(high) < Long.parseLong(low)) {
            throw errorAt("min repeat greater than max repeat", start);
        }
        out.append('{').append(low.isEmpty() ? "0" : low);
        if (comma) {
            out.append(',').append(high);
        }
        out.append('}');
    }

    private String digits() {
        int start = pos;
        while (pos < src.length() && isDigit(src.charAt(pos))) {
            pos++;
        }
        return src.substring(start, pos);
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Appends one literal character in a form that means the same inside and outside a Java class. */
    private void appendLiteral(int cp) {
        if (cp >= 128) {
            out.appendCodePoint(cp);
        } else if (Character.isLetterOrDigit(cp) || cp == ' ') {
            out.append((char) cp);
        } else if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x{%x}", cp));
        } else {
            out.append('\\').append((char) cp);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        int first = name.codePointAt(0);
        if (!(Character.isLetter(first) || first == '_')) {
            return false;
        }
        return name.codePoints().skip(1).allMatch(cp -> Character.isLetterOrDigit(cp) || cp == '_');
    }

    private PythonRegexException error(String message) {
        return errorAt(message, pos);
    }

    private PythonRegexException errorAt(String message, int position) {
        return new PythonRegexException(message, src, position);
    }
}
