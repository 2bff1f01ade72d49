package dev.graalpymp.kernel.fd;

/**
 * Linux {@code poll(2)} event bits, and the sets {@code select(2)} maps them to (fs/select.c: a descriptor is
 * "readable" for select on IN, HUP or ERR and "writable" on OUT or ERR).
 */
public final class PollEvents {
    public static final int POLLIN = 0x001;
    public static final int POLLOUT = 0x004;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;
    public static final int POLLNVAL = 0x020;

    /** Events that make a descriptor ready in select's read set. */
    public static final int SELECT_READ = POLLIN | POLLHUP | POLLERR;
    /** Events that make a descriptor ready in select's write set. */
    public static final int SELECT_WRITE = POLLOUT | POLLERR;
    /** Events poll reports whether or not they were requested. */
    public static final int ALWAYS_REPORTED = POLLERR | POLLHUP | POLLNVAL;

    private PollEvents() {
    }
}
