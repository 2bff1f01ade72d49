package dev.graalpymp.conformance.spec;

import dev.graalpymp.conformance.check.CountCheck;
import dev.graalpymp.conformance.check.NormalizeCheck;
import dev.graalpymp.conformance.check.NumberCheck;
import dev.graalpymp.conformance.suite.Corpus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecParserTest {
    private static final String MINIMAL = """
            {"id": "x", "argv": ["python3", "-u", "{corpus}/examples/x.py"], "timeout_s": 60,
             "run": {"cwd": "{workdir}", "stdin": "/dev/null", "env": {"TMPDIR": "{tmpdir}"},
                     "buffered_variant": {"argv": ["python3", "{corpus}/examples/x.py"],
                                          "env_unset": ["PYTHONUNBUFFERED"]}},
             "expect_rc": [0],
             "checks": [%s],
             "alternatives": [{"name": "a", "checks": []}]}""";

    @Test
    void everyCorpusSpecLoads() {
        Corpus corpus = Corpus.locate();
        for (String id : corpus.ids()) {
            assertEquals(id, corpus.spec(id).id());
        }
    }

    @Test
    void defaults() {
        Spec s = SpecParser.parse(MINIMAL.formatted("""
                {"kind": "count", "text": "a"}, {"kind": "number", "pattern": "(1)"},
                {"kind": "normalize", "messages": "m"}"""));
        assertEquals(List.of(0), s.expectRc().orElseThrow());
        assertEquals(60.0, s.timeoutSeconds());
        CountCheck count = (CountCheck) s.checks().get(0);
        assertEquals(StreamName.STDOUT, count.stream());
        assertEquals(0, count.min().intValue());
        assertTrue(count.max().isEmpty());
        assertEquals(1, ((NumberCheck) s.checks().get(1)).countMin().intValue());
        assertTrue(((NormalizeCheck) s.checks().get(2)).newlinePerMessage());
        Alternative a = s.alternatives().get(0);
        assertEquals(Set.of(Mode.UNBUFFERED, Mode.BUFFERED), a.modes());
        assertTrue(a.expectRc().isEmpty());
        assertEquals(List.of("PYTHONUNBUFFERED"), s.run().buffered().orElseThrow().envUnset());
    }

    @Test
    void unknownKindIsAnError() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecParser.parse(MINIMAL.formatted("{\"kind\": \"fuzzy\"}")));
        assertTrue(e.getMessage().contains("checks[0]"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown check kind 'fuzzy'"), e.getMessage());
    }

    @Test
    void badPatternIsAnErrorAtLoadTime() {
        SpecException e = assertThrows(SpecException.class,
                () -> SpecParser.parse(MINIMAL.formatted("{\"kind\": \"regex\", \"pattern\": \"(a\"}")));
        assertTrue(e.getMessage().contains("checks[0]"), e.getMessage());
    }

    @Test
    void missingFieldIsAnError() {
        assertThrows(SpecException.class, () -> SpecParser.parse(MINIMAL.formatted("{\"kind\": \"exact\"}")));
        assertThrows(SpecException.class, () -> SpecParser.parse(MINIMAL.formatted(
                "{\"kind\": \"number\", \"pattern\": \"no group\"}")));
    }
}
