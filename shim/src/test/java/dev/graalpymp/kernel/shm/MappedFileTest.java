package dev.graalpymp.kernel.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileTest {

    @TempDir
    Path directory;

    @Test
    void viewsTheFilesBytesInPlaceBothWays() throws IOException {
        Path file = directory.resolve("segment");
        Files.write(file, new byte[] {1, 2, 3, 4});
        MappedFile mapped = new MappedFile(file, 4);
        long address = mapped.address();
        assertEquals(4, mapped.size());
        assertEquals(3, NativeMemory.UNSAFE.getByte(address + 2));
        NativeMemory.UNSAFE.putByte(address + 1, (byte) 42);
        MappedFile other = new MappedFile(file, 4); // another process's mapping of the same file
        assertEquals(42, NativeMemory.UNSAFE.getByte(other.address() + 1));
        assertEquals(42, Files.readAllBytes(file)[1]);
    }

    @Test
    void refusesSizesAMappedBufferCannotHold() {
        Path file = directory.resolve("missing");
        assertThrows(IllegalArgumentException.class, () -> new MappedFile(file, 0));
        assertThrows(IllegalArgumentException.class, () -> new MappedFile(file, 1L << 31));
        assertThrows(IOException.class, () -> new MappedFile(file, 8));
    }
}
