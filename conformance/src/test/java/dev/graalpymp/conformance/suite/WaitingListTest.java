package dev.graalpymp.conformance.suite;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WaitingListTest {
    @Test
    void parsesRowsAndSkipsCommentsAndBlanks() {
        WaitingList w = WaitingList.parse(List.of(WaitingList.HEADER, "# note", "", "001_01_x\t3\tos.fork on the kernel"),
                "test");
        WaitingEntry e = w.get("001_01_x").orElseThrow();
        assertEquals("issue 3: os.fork on the kernel", e.describe());
        assertTrue(w.get("other").isEmpty());
    }

    @Test
    void rejectsMissingHeaderBadRowsAndDuplicates() {
        assertThrows(IllegalArgumentException.class, () -> WaitingList.parse(List.of("a\tb\tc"), "test"));
        assertThrows(IllegalArgumentException.class, () -> WaitingList.parse(List.of(WaitingList.HEADER, "x\t3"), "t"));
        assertThrows(IllegalArgumentException.class,
                () -> WaitingList.parse(List.of(WaitingList.HEADER, "x\t3\tc", "x\t4\td"), "t"));
    }

    @Test
    void theProjectWaitingListNamesOnlyCorpusExamples() throws IOException {
        Corpus corpus = Corpus.locate();
        WaitingList w = WaitingList.load(corpus.dir().resolveSibling("waiting.tsv"));
        List<String> ids = corpus.ids();
        for (String id : w.entries().keySet()) {
            assertTrue(ids.contains(id), () -> "waiting.tsv names an unknown example: " + id);
        }
    }
}
