package dev.graalpymp.conformance.check;

import dev.graalpymp.conformance.spec.StreamName;
import dev.graalpymp.conformance.python.PythonText;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code multiset}: the selected lines equal the expected lines in any order (duplicates counted). */
public record MultisetCheck(StreamName stream, List<String> lines, LineSelection selection) implements Check {
    public MultisetCheck {
        lines = List.copyOf(lines);
    }

    @Override
    public String kind() {
        return "multiset";
    }

    @Override
    public String apply(StreamTexts texts) {
        List<String> got = sortedByCodePoint(selection.apply(texts.get(stream)));
        List<String> want = sortedByCodePoint(lines);
        if (got.equals(want)) {
            return null;
        }
        List<String> unexpected = new ArrayList<>(got);
        List<String> missing = new ArrayList<>();
        for (String w : want) {
            if (!unexpected.remove(w)) {
                missing.add(w);
            }
        }
        return "multiset" + selection.tag() + ": missing " + PythonText.shortRepr(missing, 200) + ", unexpected "
                + PythonText.shortRepr(unexpected, 200);
    }

    /** Python sorts str by code point; String.compareTo compares UTF-16 units, which differs above U+FFFF. */
    private static List<String> sortedByCodePoint(List<String> items) {
        List<String> sorted = new ArrayList<>(items);
        sorted.sort((a, b) -> {
            int[] x = a.codePoints().toArray();
            int[] y = b.codePoints().toArray();
            return Arrays.compare(x, y);
        });
        return sorted;
    }
}
