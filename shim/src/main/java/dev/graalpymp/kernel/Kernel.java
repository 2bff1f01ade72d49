package dev.graalpymp.kernel;

import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.proc.ProcessTable;
import dev.graalpymp.kernel.proc.VirtualPids;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.sem.SemaphoreTable;
import dev.graalpymp.kernel.shm.SharedMemoryTable;
import dev.graalpymp.kernel.sock.UnixListeners;

/**
 * The kernel of the virtual processes: the one source of truth, shared by all contexts of a JVM, for what a
 * real OS kernel holds (process table, fd tables, pipes, waiting). This is the host's (Java) entry point; each
 * Python process talks to the kernel through its own {@link Syscalls}.
 */
public final class Kernel {
    private final ProcessTable processes;
    private final int firstVirtualPid;
    private final SemaphoreTable semaphores = new SemaphoreTable();
    private final SharedMemoryTable sharedMemory = new SharedMemoryTable();
    private final UnixListeners unixListeners = new UnixListeners();

    /**
     * @param mainPid         the main process's pid
     * @param mainParentPid   the main process's {@code getppid()}
     * @param firstVirtualPid the first pid given to a child; must lie above every real pid
     */
    public Kernel(int mainPid, int mainParentPid, int firstVirtualPid) {
        this(mainPid, mainParentPid, firstVirtualPid, FdTable.DEFAULT_LIMIT);
    }

    /** As above, with each process's fd numbers below {@code fdLimit}. */
    public Kernel(int mainPid, int mainParentPid, int firstVirtualPid, int fdLimit) {
        this.processes = new ProcessTable(mainPid, mainParentPid, firstVirtualPid, fdLimit);
        this.firstVirtualPid = firstVirtualPid;
    }

    /**
     * A kernel for this JVM: the main process has the JVM's real pid and parent pid. Its fd tables take the
     * numbers GraalPy's placeholders hold, each a real fd of the JVM, so the OS's own RLIMIT_NOFILE bounds them
     * (EMFILE from the placeholder's open), not Linux's default 1024.
     */
    public static Kernel forThisJvm() {
        ProcessHandle self = ProcessHandle.current();
        int parentPid = self.parent().map(parent -> Math.toIntExact(parent.pid())).orElse(0);
        return new Kernel(Math.toIntExact(self.pid()), parentPid, VirtualPids.firstVirtualPid(), FdTable.NR_OPEN);
    }

    public VirtualProcess mainProcess() {
        return processes.main();
    }

    /**
     * Whether {@code pid} is one the kernel answers for (the main pid, a virtual pid, or a root standing for an
     * OS process outside the JVM, see {@link #root}), not a real OS pid.
     */
    public boolean isKernelPid(int pid) {
        return pid == processes.main().pid() || pid >= firstVirtualPid || processes.isRoot(pid);
    }

    /** Kernel half of fork: see {@link ProcessTable#fork}. */
    public VirtualProcess fork(int parentPid) {
        return processes.fork(processes.lookup(parentPid));
    }

    /** A process standing for a real OS process outside the JVM: see {@link ProcessTable#root}. */
    public VirtualProcess root(int pid, int parentPid) {
        return processes.root(pid, parentPid);
    }

    /** See {@link ProcessTable#kill(int, int)}. */
    public void kill(int pid, int signal) {
        processes.kill(pid, signal);
    }

    /**
     * {@code signal} to the process group of process {@code pid}, as a terminal sends Ctrl-C (SIGINT) to its
     * foreground group: the program and the children it forked, not those that left its group (ESRCH if
     * {@code pid} is not a process).
     */
    public void killGroupOf(int pid, int signal) {
        processes.kill(processes.lookup(pid), 0, signal, false);
    }

    /** {@code waitpid} on behalf of {@code callerPid}: see {@link ProcessTable#waitpid}. */
    public int[] waitpid(int callerPid, int pid, int options) {
        return processes.waitpid(processes.lookup(callerPid), pid, options);
    }

    /** The Python-facing system-call object of process {@code pid}. */
    public Syscalls syscalls(int pid) {
        return new Syscalls(this, processes.lookup(pid));
    }

    /** The semaphores all processes share. */
    public SemaphoreTable semaphores() {
        return semaphores;
    }

    /** The shared memory segments all processes share. */
    public SharedMemoryTable sharedMemory() {
        return sharedMemory;
    }

    /** The AF_UNIX addresses processes listen on. */
    public UnixListeners unixListeners() {
        return unixListeners;
    }

    ProcessTable processTable() {
        return processes;
    }
}
