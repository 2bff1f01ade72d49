package dev.graalpymp.kernel.fd;

import dev.graalpymp.kernel.wait.Cancellation;
import java.util.Arrays;

/** Tests' shorthand for reading and writing whole arrays through an {@link OpenFileDescription}. */
public final class Descriptions {

    private Descriptions() {
    }

    /** Up to {@code max} bytes read from {@code description}, as a new array of exactly the bytes read. */
    public static byte[] read(OpenFileDescription description, int max, Cancellation cancellation) {
        byte[] into = new byte[max];
        int length = description.read(into, max, cancellation);
        return length == max ? into : Arrays.copyOf(into, length);
    }

    /** Writes all of {@code data}; returns how many bytes were written. */
    public static int write(OpenFileDescription description, byte[] data, Cancellation cancellation) {
        return description.write(data, data.length, cancellation);
    }
}
