package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The README's embedding example runs and its threads' results come back to Java. */
class EmbeddingExampleTest {

    @Test
    void threadedProgramOutputReachesJava() {
        try (PythonRuntime python = PythonRuntime.builder().build()) {
            assertEquals("[(0, True), (1, True), (4, True), (9, True), (16, True)]\n",
                    EmbeddingExample.threadedHello(python));
        }
    }
}
