package dev.graalpymp.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.graalvm.polyglot.io.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file system of a replaying process: its parent's changes are not made again (plain Java, no context). */
class ReplayFileSystemTest {
    @TempDir
    Path dir;

    private final ReplayFileSystem files = new ReplayFileSystem(FileSystem.newDefaultFileSystem(), null);

    private static final Set<StandardOpenOption> APPEND = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            StandardOpenOption.CREATE);
    private static final Set<StandardOpenOption> TRUNCATE = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);

    private static int write(SeekableByteChannel channel, String text) throws IOException {
        return channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void liveFileSystemIsTheRealOne() throws IOException {
        Path file = dir.resolve("a.txt");
        try (SeekableByteChannel channel = files.newByteChannel(file, TRUNCATE)) {
            write(channel, "real");
        }
        assertEquals("real", Files.readString(file));
        files.createDirectory(dir.resolve("d"));
        assertTrue(Files.isDirectory(dir.resolve("d")));
    }

    @Test
    void replayedWritesAreNotMadeAgainButMoveTheChannel() throws IOException {
        Path log = dir.resolve("log.txt");
        Files.writeString(log, "parent line\n");
        files.startReplay();
        try (SeekableByteChannel channel = files.newByteChannel(log, APPEND)) {
            assertEquals(12, write(channel, "parent line\n"));
            assertEquals(24, channel.position());
            assertEquals(24, channel.size());
        }
        try (SeekableByteChannel channel = files.newByteChannel(log, TRUNCATE)) {
            assertEquals(0, channel.size(), "truncated, as the program expects");
        }
        assertEquals("parent line\n", Files.readString(log), "the file is as the parent left it");
    }

    @Test
    void replayedDirectoryAndFileChangesAreNotMadeAgain() throws IOException {
        Path made = dir.resolve("made");
        Files.createDirectory(made);
        Path kept = dir.resolve("kept.txt");
        Files.writeString(kept, "x");
        files.startReplay();
        files.createDirectory(made);             // the parent made it: no FileAlreadyExistsException
        files.createDirectory(dir.resolve("later-removed"));
        files.delete(kept);
        files.move(kept, dir.resolve("moved.txt"));
        assertFalse(Files.exists(dir.resolve("later-removed")));
        assertTrue(Files.exists(kept));
        assertFalse(Files.exists(dir.resolve("moved.txt")));
    }

    @Test
    void anOpenFileContinuesOnTheRealFileOnceLive() throws IOException {
        Path out = dir.resolve("out.txt");
        Files.writeString(out, "pre\n");
        files.startReplay();
        SeekableByteChannel channel = files.newByteChannel(out, TRUNCATE);
        write(channel, "pre\n");
        files.goLive();
        write(channel, "child\n");
        channel.close();
        assertEquals("pre\nchild\n", Files.readString(out));
        try (SeekableByteChannel after = files.newByteChannel(dir.resolve("new.txt"), TRUNCATE)) {
            write(after, "live");
        }
        assertEquals("live", Files.readString(dir.resolve("new.txt")));
    }

    @Test
    void replayReadsSeeTheRealFileAndModesAreKept() throws IOException {
        Path file = dir.resolve("rw.txt");
        Files.writeString(file, "hello");
        files.startReplay();
        try (SeekableByteChannel channel = files.newByteChannel(file,
                Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE))) {
            ByteBuffer buffer = ByteBuffer.allocate(16);
            assertEquals(5, channel.read(buffer));
            assertEquals(-1, channel.read(buffer));
        }
        try (SeekableByteChannel channel = files.newByteChannel(file,
                Set.of(StandardOpenOption.READ, StandardOpenOption.CREATE))) {
            assertThrows(NonWritableChannelException.class, () -> write(channel, "no"));
        }
    }

    @Test
    void aFileDeletedBeforeGoingLiveTakesWritesNowhere() throws IOException {
        Path gone = dir.resolve("gone.txt");
        files.startReplay();
        SeekableByteChannel channel = files.newByteChannel(gone, TRUNCATE);
        files.goLive();
        assertEquals(3, write(channel, "abc"));
        channel.close();
        assertFalse(Files.exists(gone));
    }

    @Test
    void eachContextHasItsOwnWorkingDirectory() throws IOException {
        // Two contexts of one runtime share the real file system; a chdir in one must not move the other.
        FileSystem shared = FileSystem.newDefaultFileSystem();
        ReplayFileSystem first = new ReplayFileSystem(shared, null);
        ReplayFileSystem second = new ReplayFileSystem(shared, null);
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        first.setCurrentWorkingDirectory(a);
        second.setCurrentWorkingDirectory(b);
        try (SeekableByteChannel channel = first.newByteChannel(Path.of("f.txt"), TRUNCATE)) {
            write(channel, "first");
        }
        second.createDirectory(Path.of("sub"));
        assertEquals("first", Files.readString(a.resolve("f.txt")));
        assertTrue(Files.isDirectory(b.resolve("sub")));
        assertFalse(Files.exists(b.resolve("f.txt")));
        assertEquals(a.resolve("x"), first.toAbsolutePath(Path.of("x")));
        assertEquals(b.resolve("x"), second.toAbsolutePath(Path.of("x")));
        assertThrows(IllegalArgumentException.class, () -> first.setCurrentWorkingDirectory(Path.of("rel")));
    }

    @Test
    void theRuntimesScratchDirectoryIsTheTemporaryOneAndChangesThereAreRealEvenInAReplay() throws IOException {
        // GraalPy copies native modules into the contexts' temporary directory, a replaying child as well.
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        ReplayFileSystem replaying = new ReplayFileSystem(FileSystem.newDefaultFileSystem(), scratch);
        assertEquals(scratch, replaying.getTempDirectory());
        replaying.startReplay();
        replaying.createDirectory(scratch.resolve("copies"));
        try (SeekableByteChannel channel = replaying.newByteChannel(scratch.resolve("copies/lib.so"), TRUNCATE)) {
            write(channel, "copy");
        }
        replaying.createDirectory(dir.resolve("program-dir"));
        replaying.createDirectory(scratch.resolve("../escaped"));
        assertEquals("copy", Files.readString(scratch.resolve("copies/lib.so")));
        assertFalse(Files.exists(dir.resolve("program-dir")), "the program's own changes are still not made again");
        assertFalse(Files.exists(dir.resolve("escaped")));
        replaying.delete(scratch.resolve("copies/lib.so"));
        assertFalse(Files.exists(scratch.resolve("copies/lib.so")));
    }
}
