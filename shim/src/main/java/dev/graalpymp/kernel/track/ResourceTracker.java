package dev.graalpymp.kernel.track;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.sem.SemaphoreTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * multiprocessing's resource tracker for one program and the processes it starts, as CPython's tracker
 * process is: named semaphores and shared memory segments are registered while they exist and unregistered
 * when unlinked; whatever is still registered when the last process of the program has ended is cleaned up,
 * with CPython's warning ("There appear to be N leaked shared_memory objects to clean up at shutdown").
 */
public final class ResourceTracker {
    /** Placeholders of the warning format the Python side supplies (see {@link #setWarningFormat}). */
    static final String COUNT = "{count}";
    static final String TYPE = "{type}";

    private final Path sharedMemoryDirectory;
    private final SemaphoreTable semaphores;
    // type -> names, in registration order; a name registered twice is one entry (CPython keeps a set).
    private final Map<String, Set<String>> registered = new LinkedHashMap<>();
    private String warningFormat = "UserWarning: resource_tracker: There appear to be " + COUNT + " leaked "
            + TYPE + " objects to clean up at shutdown\n";

    /**
     * @param sharedMemoryDirectory where {@code shm_open} names live ({@code /dev/shm} on Linux)
     * @param semaphores            the kernel's semaphores, whose names leaked semaphores are unlinked from
     */
    public ResourceTracker(Path sharedMemoryDirectory, SemaphoreTable semaphores) {
        this.sharedMemoryDirectory = sharedMemoryDirectory;
        this.semaphores = semaphores;
    }

    /**
     * The directory {@code shm_open} names live in, for graalpy_mp.mp.posixshmem to create them where this
     * tracker removes leaked ones.
     */
    @PythonVisible
    public String sharedMemoryDirectory() {
        return sharedMemoryDirectory.toString();
    }

    /** {@code resource_tracker.register(name, rtype)}. */
    @PythonVisible
    public synchronized void register(String name, String type) {
        registered.computeIfAbsent(type, t -> new LinkedHashSet<>()).add(name);
    }

    /** {@code resource_tracker.unregister(name, rtype)}; a name not registered is ignored, as by CPython. */
    @PythonVisible
    public synchronized void unregister(String name, String type) {
        Set<String> names = registered.get(type);
        if (names != null) {
            names.remove(name);
        }
    }

    /**
     * The leak warning as Python's {@code warnings} module would print it from the tracker (file, line,
     * source), with {@value #COUNT} and {@value #TYPE} where the number and type go.
     */
    @PythonVisible
    public synchronized void setWarningFormat(String format) {
        warningFormat = format;
    }

    /** What is registered now, by type (for tests). */
    public synchronized Map<String, List<String>> registered() {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        registered.forEach((type, names) -> {
            if (!names.isEmpty()) {
                copy.put(type, List.copyOf(names));
            }
        });
        return copy;
    }

    /**
     * The program has ended: warns about and cleans up every resource still registered, as CPython's tracker
     * does when its last user has gone. Cleaning up a name that is gone already only warns.
     */
    public void shutDown(PrintStream stderr) {
        Map<String, List<String>> leaked;
        String format;
        synchronized (this) {
            leaked = registered();
            registered.clear();
            format = warningFormat;
        }
        leaked.forEach((type, names) -> {
            if (!type.equals("noop")) {
                stderr.print(format.replace(COUNT, Integer.toString(names.size())).replace(TYPE, type));
            }
            for (String name : names) {
                String failure = cleanUp(type, name);
                if (failure != null) {
                    stderr.println("UserWarning: resource_tracker: '" + name + "': " + failure);
                }
            }
        });
        stderr.flush();
    }

    /** Removes one leaked resource; returns why it could not be removed, or null. */
    private String cleanUp(String type, String name) {
        switch (type) {
            case "shared_memory" -> {
                try {
                    Files.delete(sharedMemoryDirectory.resolve(stripLeadingSlashes(name)));
                } catch (NoSuchFileException e) {
                    return new KernelException(Errno.ENOENT).getMessage() + ": '" + name + "'"; // as OSError's str
                } catch (IOException | IllegalArgumentException e) {
                    return e.toString();
                }
            }
            case "semaphore" -> {
                try {
                    semaphores.unlink(name);
                } catch (KernelException e) {
                    return e.getMessage();
                }
            }
            default -> {
                // "noop" and types this tracker has no cleanup for: nothing to remove.
            }
        }
        return null;
    }

    /** The file name of a POSIX shared memory object: glibc strips the leading slashes. */
    public static String stripLeadingSlashes(String name) {
        int start = 0;
        while (start < name.length() && name.charAt(start) == '/') {
            start++;
        }
        return name.substring(start);
    }
}
