package dev.graalpymp.kernel.pipe;

import dev.graalpymp.kernel.fd.OpenFileDescription;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The open-file descriptions in flight on one direction of a socket pair ({@code SCM_RIGHTS}), each batch
 * attached to the bytes of the {@code sendmsg} that sent it, by their offsets in the stream. As on Linux
 * ({@code unix_stream_read_generic}): the fds travel with the first segment of the message's bytes and arrive with
 * the read that takes any byte of that segment; such a read stops at the segment's end (bytes before it may come
 * along), so fds of two messages never arrive together and no fd arrives before bytes sent ahead of it. Each batch
 * owns one reference per description until received (then the receiver's fd table takes it over) or dropped
 * (released: Linux closes fds never received). Not thread-safe: the owning {@link Pipe} locks.
 */
final class InFlightFds {
    private record Batch(long start, long end, OpenFileDescription[] fds) {
    }

    private final Deque<Batch> batches = new ArrayDeque<>();

    /** {@code fds} (their references taken over) travel with the stream's bytes [start, start + length). */
    void attach(long start, int length, OpenFileDescription[] fds) {
        batches.add(new Batch(start, start + length, fds));
    }

    /** How many of {@code max} bytes a read starting at stream offset {@code from} may take. */
    int readLimit(long from, int max) {
        Batch next = batches.peek();
        return next == null ? max : (int) Math.min(max, next.end() - from);
    }

    /** The batch a read of {@code length} bytes from {@code from} takes (empty if none). */
    OpenFileDescription[] take(long from, int length) {
        Batch next = batches.peek();
        if (next == null || from + length <= next.start()) {
            return NONE;
        }
        batches.poll();
        return next.fds();
    }

    /** Every batch, dropped with its bytes (the read end's last close): the caller releases them unlocked. */
    List<OpenFileDescription> takeAll() {
        List<OpenFileDescription> all = new ArrayList<>();
        for (Batch batch : batches) {
            all.addAll(List.of(batch.fds()));
        }
        batches.clear();
        return all;
    }

    static final OpenFileDescription[] NONE = new OpenFileDescription[0];
}
