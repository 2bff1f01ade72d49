package dev.graalpymp.kernel.fd;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One process's file-descriptor table: fd number → (open-file description, close-on-exec flag). The kernel never
 * picks a number: the host does ({@link #installAt}, {@link #dup2}), where GraalPy's own fd table holds a
 * placeholder, so that the two tables never hand out the same number and POSIX's lowest-free rule is GraalPy's
 * (graalpy_mp.overlays.os_fds). Each entry owns one reference to its description. Thread-safe: the threads of a
 * process share its table.
 *
 * <p>References are released outside the table's lock, because the last release wakes other processes.
 */
public final class FdTable {
    /** Linux's default soft {@code RLIMIT_NOFILE}: fd numbers are below it. */
    public static final int DEFAULT_LIMIT = 1024;
    /**
     * Linux's default {@code fs.nr_open}, the ceiling of every {@code RLIMIT_NOFILE}: the limit of a table whose
     * numbers are chosen by a host that holds a real fd at each of them (the OS then enforces the real limit).
     */
    public static final int NR_OPEN = 1 << 20;

    private record Entry(OpenFileDescription description, boolean closeOnExec) {
    }

    private final TreeMap<Integer, Entry> entries = new TreeMap<>();
    private final int limit;
    private boolean closed;

    public FdTable(int limit) {
        this.limit = limit;
    }

    /** Fd numbers of this table are below this. */
    public int limit() {
        return limit;
    }

    /**
     * Installs {@code description} at {@code fd}, a number the host chose, taking over the caller's reference
     * (released if this fails): EBADF if {@code fd} is out of range or already open here.
     */
    public void installAt(OpenFileDescription description, int fd, boolean closeOnExec) {
        synchronized (this) {
            if (!closed && fd >= 0 && fd < limit && !entries.containsKey(fd)) {
                entries.put(fd, new Entry(description, closeOnExec));
                return;
            }
        }
        description.release();
        throw closed ? exited() : new KernelException(Errno.EBADF);
    }

    /**
     * Returns the description at {@code fd} with an extra reference the caller must {@link
     * OpenFileDescription#release() release} when its call ends.
     */
    public synchronized OpenFileDescription acquire(int fd) {
        OpenFileDescription description = entry(fd).description();
        description.retain();
        return description;
    }

    /** Closes {@code fd} (EBADF if not open). */
    public void close(int fd) {
        Entry removed;
        synchronized (this) {
            entry(fd);
            removed = entries.remove(fd);
        }
        removed.description().release();
    }

    /**
     * {@code dup2}/{@code dup3}: makes {@code fd2} refer to {@code fd}'s description, silently closing what
     * {@code fd2} referred to. Same numbers: no-op. EBADF if {@code fd} is not open or {@code fd2} is out of range.
     */
    public int dup2(int fd, int fd2, boolean closeOnExec) {
        Entry replaced;
        synchronized (this) {
            Entry source = entry(fd);
            if (fd2 < 0 || fd2 >= limit) {
                throw new KernelException(Errno.EBADF);
            }
            if (fd == fd2) {
                return fd2;
            }
            if (closed) {
                throw exited();
            }
            source.description().retain();
            replaced = entries.put(fd2, new Entry(source.description(), closeOnExec));
        }
        if (replaced != null) {
            replaced.description().release();
        }
        return fd2;
    }

    public synchronized boolean isCloseOnExec(int fd) {
        return entry(fd).closeOnExec();
    }

    /** Sets FD_CLOEXEC, which is per fd (not shared with dups), as in POSIX. */
    public synchronized void setCloseOnExec(int fd, boolean closeOnExec) {
        Entry current = entry(fd);
        entries.put(fd, new Entry(current.description(), closeOnExec));
    }

    /** The open fd numbers in ascending order; the host mirrors them as placeholders in GraalPy's table. */
    public synchronized int[] openFds() {
        return entries.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The table a forked child starts with: the same numbers, descriptions and close-on-exec flags, each
     * description gaining one reference (POSIX fork).
     */
    public synchronized FdTable copyForFork() {
        if (closed) {
            throw exited();
        }
        FdTable child = new FdTable(limit);
        for (Map.Entry<Integer, Entry> e : entries.entrySet()) {
            e.getValue().description().retain();
            child.entries.put(e.getKey(), e.getValue());
        }
        return child;
    }

    /** Process exit: closes every fd; the table accepts no new ones afterwards. */
    public void closeAll() {
        List<Entry> released;
        synchronized (this) {
            closed = true;
            released = new ArrayList<>(entries.values());
            entries.clear();
        }
        released.forEach(entry -> entry.description().release());
    }

    private Entry entry(int fd) {
        Entry entry = entries.get(fd);
        if (entry == null) {
            throw new KernelException(Errno.EBADF);
        }
        return entry;
    }

    private static ProcessCancelledException exited() {
        return new ProcessCancelledException("the process has exited: its fd table is closed");
    }
}
