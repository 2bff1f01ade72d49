package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The runtime's directory of native module copies: its own, removed at close, and a dead JVM's removed too. */
class NativeModuleCopiesTest {

    @Test
    void eachRuntimeHasItsOwnDirectoryRemovedWhenItCloses() throws IOException {
        Path dir;
        try (NativeModuleCopies copies = NativeModuleCopies.create(); NativeModuleCopies other = NativeModuleCopies.create()) {
            dir = copies.directory();
            assertTrue(Files.isDirectory(dir));
            assertFalse(dir.equals(other.directory()));
            Files.writeString(Files.createDirectories(dir.resolve("123")).resolve("libpython-native.so.dup0"), "x");
        }
        assertFalse(Files.exists(dir));
    }

    @Test
    void copiesOfADeadJvmAreRemovedByTheNextRuntime() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long deadPid = Long.MAX_VALUE - 7;  // no such process
        Path leftover = Files.createDirectories(tmp.resolve("graalpy-mp-native-" + deadPid + "-1"));
        Files.writeString(leftover.resolve("pyexpat.so.dup3"), "x");
        try (NativeModuleCopies copies = NativeModuleCopies.create()) {
            assertFalse(Files.exists(leftover));
            assertTrue(Files.exists(copies.directory()));
        }
    }

    @Test
    void graalPyMayNumberItsCopiesWithoutItsDefaultLimitOf64() {
        try (NativeModuleCopies copies = NativeModuleCopies.create()) {
            assertEquals(Integer.toString(Integer.MAX_VALUE), System.getProperty("python.MaximumNumberOfCextCopies"));
        }
    }
}
