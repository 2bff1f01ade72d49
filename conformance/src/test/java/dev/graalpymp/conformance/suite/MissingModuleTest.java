package dev.graalpymp.conformance.suite;

import dev.graalpymp.conformance.spec.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which runs stop at a missing third-party module, decided from what they printed and their exit status. */
class MissingModuleTest {
    private static final String REQUESTS = """
            Traceback (most recent call last):
              File "/x/003_02_process_requests_baidu.py", line 2, in <module>
                import requests
            ModuleNotFoundError: No module named 'requests'
            """;

    @TempDir
    Path temp;

    private static String missing(String module) {
        return "Traceback (most recent call last):\n  File \"x.py\", line 1, in <module>\n"
                + "ModuleNotFoundError: No module named '" + module + "'\n";
    }

    @Test
    void aThirdPartyModuleThatEndsTheRun() {
        assertEquals(Optional.of("requests"), MissingModule.endedRun(REQUESTS, 1));
        assertEquals(Optional.of("gevent.monkey"), MissingModule.endedRun(missing("gevent.monkey"), 1));
    }

    @Test
    void aMissingStandardLibraryModuleIsTheInterpretersLackNotTheMachines() {
        assertEquals(Optional.empty(), MissingModule.endedRun(missing("_tkinter"), 1));
        assertEquals(Optional.empty(), MissingModule.endedRun(missing("multiprocessing.nosuch"), 1));
        assertEquals(Optional.empty(), MissingModule.endedRun(missing("asyncio"), 1));
    }

    @Test
    void onlyWhenTheImportEndedTheRun() {
        assertEquals(Optional.empty(), MissingModule.endedRun(REQUESTS, 0));
        assertEquals(Optional.empty(), MissingModule.endedRun(REQUESTS + "but it went on\n", 1));
        assertEquals(Optional.empty(), MissingModule.endedRun("ImportError: No module named 'requests'\n", 1));
        assertEquals(Optional.empty(), MissingModule.endedRun("", 1));
    }

    @Test
    void everyRecordingMustStopAtTheSameModule() throws IOException {
        RecordedRun a = recording("run1", REQUESTS, 1);
        RecordedRun b = recording("run2", REQUESTS, 1);
        assertEquals(Optional.of("requests"), MissingModule.endedRecordings(List.of(a, b)));
        assertEquals(Optional.empty(), MissingModule.endedRecordings(List.of(a, recording("run3", "", 0))));
        assertEquals(Optional.empty(), MissingModule.endedRecordings(List.of(a,
                recording("run4", missing("fastapi"), 1))));
        assertEquals(Optional.empty(), MissingModule.endedRecordings(List.of()));
    }

    @Test
    void notExercisedOnlyWhenTheRecordingsAndThisRunStopAtTheSameImport() throws IOException {
        List<RecordedRun> recordings = List.of(recording("run1", REQUESTS, 1));
        assertEquals(Optional.of("requests"), MissingModule.sharedBy(recordings, REQUESTS, 1));
        // This run had the package: it is judged by its output alone.
        assertEquals(Optional.empty(), MissingModule.sharedBy(recordings, "", 0));
        // Another module is missing here than in CPython's recordings.
        assertEquals(Optional.empty(), MissingModule.sharedBy(recordings, missing("fastapi"), 1));
        // CPython got past its imports: a run that does not is no excuse.
        assertEquals(Optional.empty(), MissingModule.sharedBy(List.of(recording("run2", "", 0)), REQUESTS, 1));
    }

    /** Decided from the recordings, not from a list: in the seed corpus, exactly the five examples needing PyPI. */
    @Test
    void inTheSeedCorpusTheExamplesThatNeedPyPiPackages() {
        Corpus corpus = Corpus.locate();
        for (Mode mode : List.of(Mode.UNBUFFERED, Mode.BUFFERED)) {
            List<String> found = corpus.ids().stream()
                    .filter(id -> MissingModule.endedRecordings(corpus.recordedRuns(mode, id)).isPresent())
                    .map(id -> id.substring(0, 6) + "=" + MissingModule.endedRecordings(corpus.recordedRuns(mode, id))
                            .orElseThrow())
                    .toList();
            assertEquals(List.of("001_09=fastapi", "001_10=requests", "003_02=requests", "003_03=requests",
                    "003_06=gevent"), found, mode.key());
        }
    }

    private RecordedRun recording(String label, String stderr, int rc) throws IOException {
        Path base = temp.resolve("x." + label);
        Files.writeString(temp.resolve("x." + label + ".out"), "");
        Files.writeString(temp.resolve("x." + label + ".err"), stderr);
        Files.writeString(temp.resolve("x." + label + ".rc"), rc + "\n");
        return new RecordedRun("x", label, base);
    }
}
