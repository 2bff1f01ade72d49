package dev.graalpymp.conformance.python;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accepted and rejected spellings are those of CPython 3.12's float(). */
class FloatTest {
    private static Double parse(String text) {
        return PythonText.floats(Arrays.asList(text)).get(0);
    }

    @ParameterizedTest
    @CsvSource({"1_0,10", "'  2.5 ',2.5", "1e-3,0.001", ".5,0.5", "5.,5", "+.5e+3,500", "-7,-7", "'\u00a05\u2007',5",
            "\u0661\u0662,12"})
    void acceptsPythonSpellings(String text, double expected) {
        assertEquals(expected, parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-Infinity", "nan", "+INF"})
    void acceptsSpecialValues(String text) {
        double d = parse(text);
        assertTrue(Double.isNaN(d) || Double.isInfinite(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1__0", "0x10", "1.5f", "_1", "1_", "1e", "", "1.2.3", "NaN1", "\u001c5"})
    void rejectsWhatPythonRejects(String text) {
        assertNull(parse(text));
    }

    @Test
    void aListInOneCallAndAnUnmatchedGroup() {
        assertEquals(Arrays.asList(1.5, null, null), PythonText.floats(Arrays.asList("1.5", "x", null)));
        assertEquals(List.of(), PythonText.floats(List.of()));
    }
}
