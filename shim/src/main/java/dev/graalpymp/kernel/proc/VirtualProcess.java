package dev.graalpymp.kernel.proc;

import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.wait.Cancellation;
import dev.graalpymp.kernel.wait.WaitQueue;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One virtual process: the kernel-side record of a GraalPy context acting as a process (Linux's
 * {@code task_struct}, as far as we need one): pid, parent link, children, fd table, exit status, and the
 * {@link Cancellation} that wakes its blocked threads when it is killed or exits.
 *
 * <p>The host holds this handle for the process it runs and reports its end with {@link #exit(int)}. Mutable
 * process-table fields are guarded by the {@link ProcessTable}'s lock.
 */
public final class VirtualProcess {
    private final ProcessTable table;
    private final int pid;
    private final FdTable fds;
    /** The process at the top of this one's tree: the main process, or a root (see ProcessTable#root). */
    final VirtualProcess treeRoot;
    private final Cancellation cancellation = new Cancellation();
    /** Woken when a child of this process ends (or is reaped by another thread). */
    final WaitQueue childEvents = new WaitQueue();
    /** Woken when a blocked signal becomes pending (for {@code sigwait}). */
    final WaitQueue pendingEvents = new WaitQueue();

    // Written under table.lock.
    /** Process group and session: inherited through fork, changed by setpgid and setsid (see ProcessGroups). */
    volatile int pgid;
    volatile int sid;
    // Guarded by table.lock.
    /** The parent; null for the main process and for orphans (adopted by the main process, see ProcessTable). */
    VirtualProcess parent;
    /** Children in creation order (waitpid(-1) reaps the oldest zombie first, as Linux does). */
    final Set<VirtualProcess> children = new LinkedHashSet<>();
    ProcessState state = ProcessState.RUNNING;
    boolean exiting;
    int fatalSignal;
    int waitStatus;
    CancellationHandler cancellationHandler;
    SignalReceiver signalReceiver;
    /** SIGCHLD's disposition is SIG_IGN: children are reaped as they end (see ProcessTable). */
    boolean sigchldIgnored;
    /**
     * Blocked signals of the main thread and of each other thread that has a mask, and the pending signals, bit
     * {@code n - 1} for signal n (see SignalMasks); who sent each pending one.
     */
    long blockedSignals;
    final Map<Thread, Long> threadMasks = new HashMap<>();
    long pendingSignals;
    final int[] pendingSenders = new int[Signals.MAX_SIGNAL + 1];
    /** Whether this process stands for an OS process outside the JVM (see ProcessTable#root). */
    boolean outsideRoot;
    /** Whether this process is such a root or descends from one: an orphan then reports init (1) as parent. */
    boolean outsideTree;
    /** A root's {@code getppid()}: a real pid outside the table. */
    int reportedParentPid;
    /** CPU time of this process's threads that have ended (the host reports each, see #addThreadTimes). */
    volatile CpuTimes endedThreads = CpuTimes.ZERO;
    /** CPU time of the children this process has waited for, and of theirs ({@code RUSAGE_CHILDREN}). */
    volatile CpuTimes waitedChildren = CpuTimes.ZERO;

    /** A process of its own tree (the main process or a root), leading its own group, in session {@code sid}. */
    VirtualProcess(ProcessTable table, int pid, int sid, FdTable fds) {
        this.table = table;
        this.pid = pid;
        this.pgid = pid;
        this.sid = sid;
        this.fds = fds;
        this.treeRoot = this;
    }

    /** A child of {@code parent}, in its group and session. */
    VirtualProcess(ProcessTable table, int pid, FdTable fds, VirtualProcess parent) {
        this.table = table;
        this.pid = pid;
        this.pgid = parent.pgid;
        this.sid = parent.sid;
        this.fds = fds;
        this.parent = parent;
        this.treeRoot = parent.treeRoot;
    }

    public int pid() {
        return pid;
    }

    /**
     * The host reports CPU time used by a thread of this process that has ended or stopped running for it
     * (the JVM's threads are shared by every process; the host knows which ran this one's code).
     */
    public void addThreadTimes(CpuTimes times) {
        table.lock.lock();
        try {
            endedThreads = endedThreads.plus(times);
        } finally {
            table.lock.unlock();
        }
    }

    /** CPU time of this process's threads that have ended (the host adds its live ones). Updated under the lock. */
    public CpuTimes endedThreadTimes() {
        return endedThreads;
    }

    /** {@code RUSAGE_CHILDREN}: the children this process has waited for, with the children they waited for. */
    public CpuTimes waitedChildrenTimes() {
        return waitedChildren;
    }

    /** Process group: inherited through fork; the main process and roots lead their own groups. */
    public int pgid() {
        return pgid;
    }

    /** Session: inherited through fork; a main process or root is in its OS process's session. */
    public int sid() {
        return sid;
    }

    public FdTable fds() {
        return fds;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** {@code getppid()}: the parent's pid; the main process's pid once the parent has ended (see ProcessTable). */
    public int parentPid() {
        return table.parentPidOf(this);
    }

    public ProcessState state() {
        table.lock.lock();
        try {
            return state;
        } finally {
            table.lock.unlock();
        }
    }

    /** The Linux wait status once the process has ended (IllegalStateException while it runs). */
    public int waitStatus() {
        table.lock.lock();
        try {
            if (state == ProcessState.RUNNING) {
                throw new IllegalStateException("process " + pid + " is still running");
            }
            return waitStatus;
        } finally {
            table.lock.unlock();
        }
    }

    /** Registers how the host stops this process; runs at once if a terminating signal already arrived. */
    public void setCancellationHandler(CancellationHandler handler) {
        table.setCancellationHandler(this, handler);
    }

    /** Registers the process's own signal dispositions (null: none, every signal has its default action). */
    public void setSignalReceiver(SignalReceiver receiver) {
        table.setSignalReceiver(this, receiver);
    }

    /**
     * The process set SIGCHLD to SIG_IGN (true) or to anything else (false): while it is ignored, children that
     * end are reaped at once, never zombies, and {@code waitpid} fails with ECHILD once none is left (Linux).
     */
    public void setSigchldIgnored(boolean ignored) {
        table.setSigchldIgnored(this, ignored);
    }

    /**
     * Reports that the process has ended with {@code exitCode} (normal exit, {@code sys.exit}, {@code os._exit},
     * or the context closed after a kill, in which case the status reports the signal instead). Called once.
     */
    public void exit(int exitCode) {
        table.exit(this, exitCode, 0);
    }

    /**
     * Reports that the process has ended by {@code signal} (its status says so), after running its own exit
     * sequence: what CPython does when a KeyboardInterrupt is not caught (it kills itself with SIGINT).
     */
    public void exitBySignal(int signal) {
        table.exit(this, 0, signal);
    }

    @Override
    public String toString() {
        return "VirtualProcess[" + pid + "]";
    }
}
