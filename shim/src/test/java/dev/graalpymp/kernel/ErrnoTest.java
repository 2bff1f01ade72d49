package dev.graalpymp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** glibc's messages both ways: strerror, and the errno of a message the JDK reports a failed call with. */
class ErrnoTest {

    @Test
    void strerrorIsGlibcs() {
        assertEquals("No such file or directory", Errno.strerror(Errno.ENOENT));
        assertEquals("Unknown error 4242", Errno.strerror(4242));
    }

    @Test
    void theErrnoOfAMessage() {
        assertEquals(Errno.EPERM, Errno.of("Operation not permitted"));
        assertEquals(18, Errno.of("Invalid cross-device link"));
        assertEquals(Errno.EAGAIN, Errno.of(Errno.strerror(Errno.EAGAIN)), "EAGAIN, not its alias EWOULDBLOCK");
        assertEquals(-1, Errno.of("not a message of glibc"));
        assertEquals(-1, Errno.of(null));
    }
}
