package dev.graalpymp.kernel.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ByteRingTest {

    private static byte[] bytes(int from, int count) {
        byte[] out = new byte[count];
        for (int i = 0; i < count; i++) {
            out[i] = (byte) (from + i);
        }
        return out;
    }

    private static byte[] take(ByteRing ring, int max) {
        byte[] out = new byte[Math.min(max, 4096)];
        return java.util.Arrays.copyOf(out, ring.take(out, out.length));
    }

    @Test
    void keepsOrderAcrossWrapAroundAndGrowth() {
        ByteRing ring = new ByteRing(2048);
        int written = 0;
        int read = 0;
        for (int round = 0; round < 50; round++) {
            int chunk = 37 + round * 13 % 700;
            chunk = Math.min(chunk, ring.free());
            ring.put(bytes(written, chunk), 0, chunk);
            written += chunk;
            byte[] out = take(ring, chunk / 2 + 1);
            assertArrayEquals(bytes(read, out.length), out);
            read += out.length;
            assertEquals(written - read, ring.size());
        }
        byte[] rest = take(ring, Integer.MAX_VALUE);
        assertArrayEquals(bytes(read, written - read), rest);
        assertEquals(0, ring.size());
    }

    @Test
    void refusesMoreThanCapacity() {
        ByteRing ring = new ByteRing(16);
        ring.put(new byte[16], 0, 16);
        assertEquals(0, ring.free());
        assertThrows(IllegalStateException.class, () -> ring.put(new byte[1], 0, 1));
    }
}
