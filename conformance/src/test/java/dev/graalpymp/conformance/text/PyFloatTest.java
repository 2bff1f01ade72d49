package dev.graalpymp.conformance.text;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accepted and rejected spellings are those of CPython 3.12's float(). */
class PyFloatTest {
    @ParameterizedTest
    @CsvSource({"1_0,10", "'  2.5 ',2.5", "1e-3,0.001", ".5,0.5", "5.,5", "+.5e+3,500", "-7,-7"})
    void acceptsPythonSpellings(String text, double expected) {
        assertEquals(expected, PyFloat.parse(text).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"inf", "-Infinity", "nan", "+INF"})
    void acceptsSpecialValues(String text) {
        double d = PyFloat.parse(text).orElseThrow();
        assertTrue(Double.isNaN(d) || Double.isInfinite(d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1__0", "0x10", "1.5f", "_1", "1_", "1e", "", "1.2.3", "NaN1"})
    void rejectsWhatPythonRejects(String text) {
        assertTrue(PyFloat.parse(text).isEmpty());
    }
}
