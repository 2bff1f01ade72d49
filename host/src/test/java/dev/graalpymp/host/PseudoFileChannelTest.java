package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudoFileChannelTest {
    private static final Set<StandardOpenOption> READ = Set.of(StandardOpenOption.READ);
    private final ReplayFileSystem files = new ReplayFileSystem(FileSystem.newDefaultFileSystem(), null);

    @TempDir
    Path dir;

    @Test
    void procFilesReportAnUnboundedSizeAndReadTheirContents() throws IOException {
        try (SeekableByteChannel status = files.newByteChannel(Path.of("/proc/self/status"), READ)) {
            assertEquals(Long.MAX_VALUE, status.size());
            ByteBuffer buffer = ByteBuffer.allocate(64);
            assertTrue(status.read(buffer) > 0);
            assertTrue(new String(buffer.array(), StandardCharsets.US_ASCII).startsWith("Name:"));
            assertEquals(buffer.position(), status.position());
        }
    }

    @Test
    void ordinaryFilesKeepTheirSize() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty"));
        try (SeekableByteChannel channel = files.newByteChannel(empty, READ)) {
            assertEquals(0, channel.size());
        }
    }
}
