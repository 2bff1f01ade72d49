package dev.graalpymp.kernel.proc;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.WaitQueue;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process table: pids, parent/child links, fork, exit, kill and waitpid with Linux semantics.
 *
 * <p><b>Orphans.</b> When a process ends, its children are adopted by the main process, the "init" of this
 * world: their {@code getppid()} returns the main process's pid, and, like init, the kernel reaps them itself
 * when they end. They do not join the main process's own children, so its {@code waitpid(-1)} never sees its
 * grandchildren (as with CPython, whose main process is not init). In the tree of a root standing for an OS
 * process outside the JVM (see {@link #root}), {@code getppid()} of an orphan is 1, the OS's init, as on Linux.
 *
 * <p><b>SIGCHLD ignored.</b> A process whose SIGCHLD disposition is SIG_IGN ({@link
 * VirtualProcess#setSigchldIgnored}) makes no zombies, as on Linux: a child of it that ends is reaped at once and
 * no SIGCHLD is sent; its {@code waitpid} waits until no matching child is left, then fails with ECHILD. Zombies
 * made before the disposition changed stay waitable, and a fork child inherits the disposition (exec keeps
 * SIG_IGN too).
 *
 * <p>One lock guards all links and states; fd tables are closed outside it (closing wakes other processes).
 */
public final class ProcessTable {
    public static final int WNOHANG = 1;
    public static final int WUNTRACED = 2;
    public static final int WCONTINUED = 8;

    /** Guards the mutable fields of every {@link VirtualProcess} of this table. */
    final ReentrantLock lock = new ReentrantLock();
    private final Map<Integer, VirtualProcess> processes = new HashMap<>();
    private final ProcessGroups groups = new ProcessGroups(this);
    private final SignalMasks signalMasks = new SignalMasks(this);
    private final VirtualProcess main;
    private final int mainParentPid;
    private final int firstChildPid;
    private int nextPid;

    /**
     * @param mainPid       the main process's pid (the JVM's real pid)
     * @param mainParentPid what the main process's {@code getppid()} returns (the JVM's real parent)
     * @param firstChildPid the first virtual pid (see {@link VirtualPids})
     * @param fdLimit       fd numbers are below this ({@link FdTable#DEFAULT_LIMIT})
     */
    public ProcessTable(int mainPid, int mainParentPid, int firstChildPid, int fdLimit) {
        if (mainPid >= firstChildPid) {
            throw new IllegalArgumentException("virtual pids must start above the main pid");
        }
        this.mainParentPid = mainParentPid;
        this.firstChildPid = firstChildPid;
        this.nextPid = firstChildPid;
        this.main = new VirtualProcess(this, mainPid, OsProcessStat.sessionOf(mainPid), new FdTable(fdLimit));
        processes.put(mainPid, main);
    }

    public VirtualProcess main() {
        return main;
    }

    public ProcessGroups groups() {
        return groups;
    }

    public SignalMasks signalMasks() {
        return signalMasks;
    }

    /** Every process not yet reaped; the caller holds the lock. */
    Collection<VirtualProcess> all() {
        return processes.values();
    }

    /** The process with {@code pid} not yet reaped, or null; the caller holds the lock. */
    VirtualProcess find(int pid) {
        return processes.get(pid);
    }

    /** The process with {@code pid}, zombies included (ESRCH if there is none). */
    public VirtualProcess lookup(int pid) {
        lock.lock();
        try {
            VirtualProcess process = processes.get(pid);
            if (process == null) {
                throw new KernelException(Errno.ESRCH);
            }
            return process;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Kernel half of {@code fork()}: a new child of {@code parent} whose fd table is a copy of the parent's at
     * this moment (each description gaining a reference). The host then runs a context for it.
     */
    public VirtualProcess fork(VirtualProcess parent) {
        parent.cancellation().throwIfCancelled();
        FdTable childFds = parent.fds().copyForFork();
        lock.lock();
        try {
            int pid = parent.state == ProcessState.RUNNING && !parent.exiting ? takePid() : 0;
            if (pid > 0) {
                VirtualProcess child = new VirtualProcess(this, pid, childFds, parent);
                child.outsideTree = parent.outsideTree;
                // the forking thread's mask, as Linux's fork (pending signals are not inherited)
                child.blockedSignals = signalMasks.maskOfCallingThread(parent);
                child.sigchldIgnored = parent.sigchldIgnored;
                parent.children.add(child);
                processes.put(child.pid(), child);
                return child;
            }
        } finally {
            lock.unlock();
        }
        childFds.closeAll();
        parent.cancellation().throwIfCancelled();
        throw new KernelException(Errno.EAGAIN, "no virtual pid left");
    }

    /**
     * A process that stands for a real OS process outside the JVM, such as the client of a runtime server
     * whose program runs here: it has that process's {@code pid}, reports {@code parentPid} as its
     * {@code getppid()}, leads its own process group, has an empty fd table, and no parent in this table (it
     * is reaped as soon as it ends, as an orphan is). EEXIST if {@code pid} is in use here; EINVAL for a pid in
     * the virtual range.
     */
    public VirtualProcess root(int pid, int parentPid) {
        if (pid <= 0 || pid >= firstChildPid) {
            throw new KernelException(Errno.EINVAL, "a root process needs a real pid: " + pid);
        }
        lock.lock();
        try {
            if (processes.containsKey(pid)) {
                throw new KernelException(Errno.EEXIST, "pid " + pid + " is in use");
            }
            VirtualProcess root = new VirtualProcess(this, pid, OsProcessStat.sessionOf(pid),
                    new FdTable(main.fds().limit()));
            root.outsideRoot = true;
            root.outsideTree = true;
            root.reportedParentPid = parentPid;
            processes.put(pid, root);
            return root;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code pid} is a root of this table (see {@link #root}) that has not been reaped. */
    public boolean isRoot(int pid) {
        lock.lock();
        try {
            VirtualProcess process = processes.get(pid);
            return process != null && process.outsideRoot;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A number for a new thread ({@code threading.get_native_id()}): as Linux's tids, it comes from the pid
     * space, so no thread shares its number with a process or with another thread of this JVM.
     */
    public int newThreadId() {
        lock.lock();
        try {
            int tid = takePid();
            if (tid == 0) {
                throw new KernelException(Errno.EAGAIN, "no virtual pid left");
            }
            return tid;
        } finally {
            lock.unlock();
        }
    }

    /** The next number of the pid space, 0 once it is used up (it never wraps); the caller holds the lock. */
    private int takePid() {
        return nextPid > 0 ? nextPid++ : 0;
    }

    /**
     * {@code kill(pid, signal)} for one process ({@code pid > 0}). Signal 0 checks existence. SIGKILL cancels the
     * process through its {@link CancellationHandler}; its status will report the signal. Any other signal but
     * SIGSTOP goes to the process's {@link SignalReceiver} (its handler, or its ignoring it); one it does not take
     * has Linux's default action: terminate as SIGKILL does, or nothing. Stopping a process is refused with
     * EINVAL and a message saying why. A zombie, or a process already dying, accepts any signal and ignores it
     * (as on Linux).
     */
    public void kill(int pid, int signal) {
        if (pid <= 0) {
            throw new KernelException(Errno.EINVAL, "kill(" + pid + ", ...) needs the calling process: "
                    + "use kill(caller, pid, signal, false)");
        }
        deliver(pid, signal, 0);
    }

    /**
     * {@code kill(pid, signal)} as {@code caller} makes it: {@code pid > 0} one process, {@code 0} the caller's
     * process group, {@code -1} every other process of its tree, {@code -pgid} that group (see
     * {@link ProcessGroups}); each process reached as {@link #kill(int, int)} says, the caller last, or not at
     * all with {@code skipCaller} (the caller then acts on the signal itself, e.g. running its handler at once).
     */
    public void kill(VirtualProcess caller, int pid, int signal, boolean skipCaller) {
        if (!Signals.isValid(signal)) {
            throw new KernelException(Errno.EINVAL);
        }
        if (pid > 0) {
            if (!(skipCaller && pid == caller.pid())) {
                deliver(pid, signal, caller.pid());
            }
            return;
        }
        boolean callerReached = false;
        for (VirtualProcess target : groups.signalTargets(caller, pid)) {
            if (target == caller) {
                callerReached = true;
            } else {
                deliverIfPresent(target.pid(), signal, caller.pid());
            }
        }
        if (callerReached && !skipCaller) {
            deliver(caller.pid(), signal, caller.pid());
        }
    }

    /** A signal to a member of a group, which may have been reaped since the group was read. */
    private void deliverIfPresent(int pid, int signal, int senderPid) {
        try {
            deliver(pid, signal, senderPid);
        } catch (KernelException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
        }
    }

    /** {@code senderPid}: the process that sent the signal (0: the host, the OS), for {@code sigwaitinfo}. */
    private void deliver(int pid, int signal, int senderPid) {
        if (!Signals.isValid(signal)) {
            throw new KernelException(Errno.EINVAL);
        }
        VirtualProcess target;
        SignalReceiver receiver;
        lock.lock();
        try {
            target = processes.get(pid);
            if (target == null) {
                throw new KernelException(Errno.ESRCH);
            }
            if (signal == 0 || !isAlive(target)) {
                return; // existence check, or a process that has ended or is already dying
            }
            if (signalMasks.holdIfBlocked(target, signal, senderPid)) {
                return; // blocked: pending until unblocked or taken by sigwait
            }
            receiver = target.signalReceiver;
        } finally {
            lock.unlock();
        }
        if (signal != Signals.SIGKILL) {
            if (signal != Signals.SIGSTOP && receiver != null && receiver.receive(signal)) {
                return;
            }
            switch (Signals.defaultAction(signal)) {
                case IGNORE, CONTINUE -> {
                    return;
                }
                case STOP -> throw new KernelException(Errno.EINVAL, "signal " + signal + " ("
                        + Signals.name(signal) + ") would stop the process: stopping and continuing processes is"
                        + " not supported by graalpy-mp");
                case TERMINATE -> { }
            }
        }
        CancellationHandler handler;
        lock.lock();
        try {
            if (!isAlive(target)) {
                return;
            }
            target.fatalSignal = signal;
            handler = target.cancellationHandler;
        } finally {
            lock.unlock();
        }
        // The handler first: the host silences the process before its blocked calls wake and its code goes on.
        if (handler != null) {
            handler.onKill(signal);
        }
        target.cancellation().cancel("process " + pid + " was killed by " + Signals.name(signal));
    }

    /** Running and not already dying; the caller holds the lock. */
    private static boolean isAlive(VirtualProcess process) {
        return process.state == ProcessState.RUNNING && !process.exiting && process.fatalSignal == 0;
    }

    void setSignalReceiver(VirtualProcess process, SignalReceiver receiver) {
        lock.lock();
        try {
            process.signalReceiver = receiver;
        } finally {
            lock.unlock();
        }
    }

    void setSigchldIgnored(VirtualProcess process, boolean ignored) {
        lock.lock();
        try {
            process.sigchldIgnored = ignored;
        } finally {
            lock.unlock();
        }
    }

    void setCancellationHandler(VirtualProcess process, CancellationHandler handler) {
        int pendingSignal;
        lock.lock();
        try {
            process.cancellationHandler = handler;
            pendingSignal = process.fatalSignal;
        } finally {
            lock.unlock();
        }
        if (pendingSignal != 0) {
            handler.onKill(pendingSignal);
        }
    }

    /**
     * The end of a process: closes its fds, records its status (the fatal signal if it was killed, else the
     * exit code), hands its children to init, and makes it a zombie for its parent (or reaps it at once if it
     * is an orphan), which is sent SIGCHLD. Its threads still blocked in the kernel are woken with {@link ProcessCancelledException}.
     */
    void exit(VirtualProcess process, int exitCode, int signal) {
        lock.lock();
        try {
            if (signal != 0 && process.fatalSignal == 0) {
                process.fatalSignal = signal;
            }
            if (process.exiting) {
                throw new IllegalStateException(process + " has already exited");
            }
            process.exiting = true;
        } finally {
            lock.unlock();
        }
        process.cancellation().cancel("process " + process.pid() + " has exited");
        // Before becoming a zombie, as Linux does: a parent that reaped the child sees its pipe ends closed.
        process.fds().closeAll();
        SignalReceiver parentReceiver = null;
        lock.lock();
        try {
            process.waitStatus = process.fatalSignal != 0
                    ? WaitStatus.signaled(process.fatalSignal) : WaitStatus.exited(exitCode);
            process.state = ProcessState.ZOMBIE;
            for (VirtualProcess child : process.children) {
                child.parent = null;
                if (child.state == ProcessState.ZOMBIE) {
                    reap(child);
                }
            }
            process.children.clear();
            if (process.parent != null && process.parent.sigchldIgnored) {
                VirtualProcess parent = process.parent;
                reap(process); // no zombie, no SIGCHLD (see the class comment)
                parent.childEvents.wakeAll(); // its waitpid may now have no child left: ECHILD
            } else if (process.parent != null) {
                process.parent.childEvents.wakeAll();
                if (isAlive(process.parent)) {
                    parentReceiver = process.parent.signalReceiver;
                }
            } else if (process != main) {
                reap(process);
            }
        } finally {
            lock.unlock();
        }
        if (parentReceiver != null) {
            parentReceiver.receive(Signals.SIGCHLD); // its default action is to do nothing
        }
    }

    /**
     * {@code waitpid(pid, options)} for {@code caller}: {@code pid > 0} that child, {@code -1} any child,
     * {@code 0} any child in the caller's process group, {@code < -1} any child in group {@code -pid}.
     * Returns {@code {pid, status}} of a reaped child, or {@code {0, 0}} with WNOHANG when matching children
     * exist but none has ended. ECHILD when there is no matching child. WUNTRACED/WCONTINUED are accepted and
     * have no effect (virtual processes are never stopped).
     */
    public int[] waitpid(VirtualProcess caller, int pid, int options) {
        if ((options & ~(WNOHANG | WUNTRACED | WCONTINUED)) != 0) {
            throw new KernelException(Errno.EINVAL);
        }
        if (pid == Integer.MIN_VALUE) {
            throw new KernelException(Errno.ESRCH); // -pid overflows; Linux refuses it the same way
        }
        Waitable childEvent = new Waitable() {
            @Override
            public boolean isReady() {
                lock.lock();
                try {
                    return endedChild(caller, pid) != null || !hasChild(caller, pid);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public WaitQueue queue() {
                return caller.childEvents;
            }
        };
        while (true) {
            lock.lock();
            try {
                if (!hasChild(caller, pid)) {
                    throw new KernelException(Errno.ECHILD);
                }
                VirtualProcess ended = endedChild(caller, pid);
                if (ended != null) {
                    reap(ended);
                    caller.waitedChildren = caller.waitedChildren.plus(ended.endedThreads).plus(ended.waitedChildren);
                    caller.childEvents.wakeAll(); // other threads waiting for this child now get ECHILD
                    return new int[] {ended.pid(), ended.waitStatus};
                }
                if ((options & WNOHANG) != 0) {
                    return new int[] {0, 0};
                }
            } finally {
                lock.unlock();
            }
            KernelWait.await(caller.cancellation(), childEvent);
        }
    }

    int parentPidOf(VirtualProcess process) {
        lock.lock();
        try {
            if (process == main) {
                return mainParentPid;
            }
            if (process.outsideRoot) {
                return process.reportedParentPid;
            }
            if (process.parent != null) {
                return process.parent.pid();
            }
            // An orphan: adopted by init, which is the main process in this JVM's own tree; in the tree of a
            // root standing for an OS process, by the OS's init (pid 1), as Linux reparents it.
            return process.outsideTree ? 1 : main.pid();
        } finally {
            lock.unlock();
        }
    }

    private static boolean matches(VirtualProcess caller, VirtualProcess child, int pid) {
        if (pid > 0) {
            return child.pid() == pid;
        }
        if (pid == -1) {
            return true;
        }
        return child.pgid() == (pid == 0 ? caller.pgid() : -pid);
    }

    private static boolean hasChild(VirtualProcess caller, int pid) {
        for (VirtualProcess child : caller.children) {
            if (matches(caller, child, pid)) {
                return true;
            }
        }
        return false;
    }

    private static VirtualProcess endedChild(VirtualProcess caller, int pid) {
        for (VirtualProcess child : caller.children) {
            if (child.state == ProcessState.ZOMBIE && matches(caller, child, pid)) {
                return child;
            }
        }
        return null;
    }

    private void reap(VirtualProcess process) {
        process.state = ProcessState.REAPED;
        processes.remove(process.pid());
        if (process.parent != null) {
            process.parent.children.remove(process);
        }
    }
}
