package dev.graalpymp.kernel.pipe;

/**
 * A bounded FIFO of bytes (a circular buffer). Its array grows on demand up to the capacity, so idle pipes
 * (multiprocessing opens many) do not each hold 64 KiB. Not thread-safe: the owning {@link Pipe} locks.
 */
final class ByteRing {
    private static final int INITIAL_ARRAY = 512;

    private final int capacity;
    private byte[] buffer;
    private int head;
    private int size;

    ByteRing(int capacity) {
        this.capacity = capacity;
        this.buffer = new byte[Math.min(INITIAL_ARRAY, capacity)];
    }

    int size() {
        return size;
    }

    int free() {
        return capacity - size;
    }

    /** Appends {@code length} bytes of {@code source}; the caller ensures {@code length <= free()}. */
    void put(byte[] source, int offset, int length) {
        if (length > free()) {
            throw new IllegalStateException("pipe buffer overflow");
        }
        ensureArray(size + length);
        int tail = (head + size) % buffer.length;
        int first = Math.min(length, buffer.length - tail);
        System.arraycopy(source, offset, buffer, tail, first);
        System.arraycopy(source, offset + first, buffer, 0, length - first);
        size += length;
    }

    /** Moves up to {@code max} bytes from the front into {@code out} (from index 0); returns how many. */
    int take(byte[] out, int max) {
        int length = Math.min(max, size);
        int first = Math.min(length, buffer.length - head);
        System.arraycopy(buffer, head, out, 0, first);
        System.arraycopy(buffer, 0, out, first, length - first);
        head = (head + length) % buffer.length;
        size -= length;
        if (size == 0) {
            head = 0;
        }
        return length;
    }

    private void ensureArray(int needed) {
        if (needed <= buffer.length) {
            return;
        }
        int newLength = buffer.length;
        while (newLength < needed) {
            newLength = Math.min(capacity, newLength * 2);
        }
        byte[] grown = new byte[newLength];
        int first = Math.min(size, buffer.length - head);
        System.arraycopy(buffer, head, grown, 0, first);
        System.arraycopy(buffer, 0, grown, first, size - first);
        buffer = grown;
        head = 0;
    }
}
