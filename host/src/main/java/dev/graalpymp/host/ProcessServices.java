package dev.graalpymp.host;

import dev.graalpymp.kernel.PythonVisible;
import dev.graalpymp.kernel.Syscalls;
import dev.graalpymp.kernel.track.ResourceTracker;
import java.nio.charset.StandardCharsets;

/**
 * The per-process Java object the host hands to the Python side ({@code graalpy_mp.overlays}): the only way
 * from Python code to the plugin's Java objects. Python sees exactly the members marked {@link PythonVisible};
 * each capability adds the accessor its overlays need.
 */
public final class ProcessServices {

    private final PythonProcess process;

    ProcessServices(PythonProcess process) {
        this.process = process;
    }

    /** The kernel's system calls, acting for this process. */
    @PythonVisible
    public Syscalls syscalls() {
        return process.syscalls();
    }

    /**
     * The record this process must replay before it goes live (a child of {@code os.fork()}), as a
     * marshal blob in ISO-8859-1 characters; null for a process that starts live.
     */
    @PythonVisible
    public String replayLog() {
        byte[] log = process.replayLog();
        return log == null ? null : new String(log, StandardCharsets.ISO_8859_1);
    }

    /** The replay is over: from now on this process's output is real. */
    @PythonVisible
    public void goLive() {
        process.goLive();
    }

    /**
     * The host half of {@code os.fork()}: a new process whose fd table is this one's as it is now, which
     * re-executes the program replaying {@code childLog} (this process's record, ending with the fork that
     * returns 0 in the child). Returns the child's pid.
     */
    @PythonVisible
    public int fork(byte[] childLog) {
        return process.forkChild(Program.replaying(process.launch(), childLog));
    }

    /**
     * The host half of multiprocessing's fork start method: a new process whose fd table is this one's as it
     * is now, which installs {@code state} (this process's pickled state and the process object, see
     * {@code graalpy_mp.mp.transfer}) and runs the process object. Returns the child's pid.
     */
    @PythonVisible
    public int forkTransfer(byte[] state) {
        return process.forkChild(Program.transfer(state));
    }

    /** multiprocessing's resource tracker, shared by this program's processes (CPython: a tracker process). */
    @PythonVisible
    public ResourceTracker resourceTracker() {
        return process.resourceTracker();
    }

}
