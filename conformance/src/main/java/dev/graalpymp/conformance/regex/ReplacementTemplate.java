package dev.graalpymp.conformance.regex;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;

/**
 * A parsed Python {@code re.sub} replacement template: {@code \1}, {@code \g<1>}, {@code \g<name>} group
 * references (an unmatched group expands to ""), octal escapes and {@code \n}-style escapes; other escaped
 * non-letters stay as backslash + character, as in Python.
 */
final class ReplacementTemplate {
    /** A piece of the template: literal text, or a group reference when {@code group >= 0}. */
    private record Piece(String literal, int group) {
    }

    private static final String ASCII_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final List<Piece> pieces;

    private ReplacementTemplate(List<Piece> pieces) {
        this.pieces = pieces;
    }

    String expand(MatchResult match) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : pieces) {
            if (piece.group() < 0) {
                out.append(piece.literal());
            } else {
                String value = match.group(piece.group());
                if (value != null) {
                    out.append(value);
                }
            }
        }
        return out.toString();
    }

    static ReplacementTemplate parse(String template, PyPattern pattern) {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '\\') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= template.length()) {
                throw new PythonRegexException("bad escape (end of pattern)", template, i);
            }
            char e = template.charAt(i + 1);
            int start = i;
            i += 2;
            int group = -1;
            if (e == 'g') {
                if (i >= template.length() || template.charAt(i) != '<') {
                    throw new PythonRegexException("missing <", template, start);
                }
                int close = template.indexOf('>', i);
                if (close < 0) {
                    throw new PythonRegexException("missing >, unterminated name", template, start);
                }
                String name = template.substring(i + 1, close);
                i = close + 1;
                group = groupOf(name, pattern, template, start);
            } else if (e == '0') {
                int value = 0;
                for (int n = 0; n < 2 && i < template.length() && isOctal(template.charAt(i)); n++) {
                    value = value * 8 + template.charAt(i++) - '0';
                }
                literal.append((char) (value & 0xff));
            } else if (e >= '1' && e <= '9') {
                String digits = String.valueOf(e);
                if (i < template.length() && Character.isDigit(template.charAt(i)) && template.charAt(i) < 128) {
                    digits += template.charAt(i++);
                    if (isOctal(digits.charAt(0)) && isOctal(digits.charAt(1))
                            && i < template.length() && isOctal(template.charAt(i))) {
                        digits += template.charAt(i++);
                        int value = Integer.parseInt(digits, 8);
                        if (value > 0377) {
                            throw new PythonRegexException("octal escape value \\" + digits
                                    + " outside of range 0-0o377", template, start);
                        }
                        literal.append((char) value);
                        continue;
                    }
                }
                group = checkedGroup(Integer.parseInt(digits), pattern, template, start);
            } else {
                String escaped = simpleEscape(e);
                if (escaped != null) {
                    literal.append(escaped);
                } else if (ASCII_LETTERS.indexOf(e) >= 0) {
                    throw new PythonRegexException("bad escape \\" + e, template, start);
                } else {
                    literal.append('\\').append(e);
                }
            }
            if (group >= 0) {
                flush(literal, pieces);
                pieces.add(new Piece(null, group));
            }
        }
        flush(literal, pieces);
        return new ReplacementTemplate(List.copyOf(pieces));
    }

    private static int groupOf(String name, PyPattern pattern, String template, int start) {
        if (name.isEmpty()) {
            throw new PythonRegexException("missing group name", template, start);
        }
        Integer named = pattern.groupNames().get(name);
        if (named != null) {
            return named;
        }
        if (!name.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            if (Character.isLetter(name.codePointAt(0)) || name.charAt(0) == '_') {
                throw new PythonRegexException("unknown group name '" + name + "'", template, start);
            }
            throw new PythonRegexException("bad character in group name '" + name + "'", template, start);
        }
        return checkedGroup(Integer.parseInt(name), pattern, template, start);
    }

    private static int checkedGroup(int group, PyPattern pattern, String template, int start) {
        if (group > pattern.groupCount()) {
            throw new PythonRegexException("invalid group reference " + group, template, start);
        }
        return group;
    }

    private static String simpleEscape(char e) {
        return switch (e) {
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'f' -> "\f";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 't' -> "\t";
            case 'v' -> "\u000b";
            case '\\' -> "\\";
            default -> null;
        };
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static void flush(StringBuilder literal, List<Piece> pieces) {
        if (!literal.isEmpty()) {
            pieces.add(new Piece(literal.toString(), -1));
            literal.setLength(0);
        }
    }
}
