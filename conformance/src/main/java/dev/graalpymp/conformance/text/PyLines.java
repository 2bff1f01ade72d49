package dev.graalpymp.conformance.text;

import java.util.ArrayList;
import java.util.List;

/** Line and substring helpers with the exact semantics check.py relies on. */
public final class PyLines {
    /** Characters Python's str.splitlines() breaks on (besides the \r\n pair). */
    private static final String LINE_BOUNDARIES = "\n\r\u000b\f\u001c\u001d\u001e\u0085\u2028\u2029";

    private PyLines() {
    }

    /** The stream split on "\n", a final empty piece dropped (so "a\nb\n" and "a\nb" both give two lines). */
    public static List<String> linesOf(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                lines.add(text.substring(start));
                break;
            }
            lines.add(text.substring(start, nl));
            start = nl + 1;
        }
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** {@code text.splitlines(True)}: lines with their line ends, on every boundary Python knows. */
    public static List<String> splitLinesKeepEnds(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (LINE_BOUNDARIES.indexOf(c) >= 0) {
                int end = i + 1;
                if (c == '\r' && end < text.length() && text.charAt(end) == '\n') {
                    end++;
                }
                lines.add(text.substring(start, end));
                start = end;
                i = end;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** {@code text.count(sub)}: non-overlapping occurrences (0 for an empty sub, as check.py guards). */
    public static int countOccurrences(String text, String sub) {
        if (sub.isEmpty()) {
            return 0;
        }
        int count = 0;
        int from = 0;
        while (true) {
            int at = text.indexOf(sub, from);
            if (at < 0) {
                return count;
            }
            count++;
            from = at + sub.length();
        }
    }

    /** Python's {@code s.strip('\n')}. */
    public static String stripNewlines(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && s.charAt(start) == '\n') {
            start++;
        }
        while (end > start && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(start, end);
    }
}
