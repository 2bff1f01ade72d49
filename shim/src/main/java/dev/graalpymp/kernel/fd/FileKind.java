package dev.graalpymp.kernel.fd;

/** What an open-file description refers to, with the file-type bits {@code fstat} reports for it on Linux. */
public enum FileKind {
    /** A pipe end: {@code S_IFIFO} with mode 0600, as Linux reports for both ends of {@code pipe(2)}. */
    FIFO(0010000 | 0600),
    /** A socket of {@code socketpair(2)}: {@code S_IFSOCK} with mode 0777, as Linux reports. */
    SOCKET(0140000 | 0777);

    private final int mode;

    FileKind(int mode) {
        this.mode = mode;
    }

    /** The {@code st_mode} value (type bits and permissions). */
    public int mode() {
        return mode;
    }
}
