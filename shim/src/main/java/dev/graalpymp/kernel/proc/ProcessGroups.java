package dev.graalpymp.kernel.proc;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Process groups and sessions with Linux's rules: {@code getpgid}, {@code setpgid}, {@code getsid},
 * {@code setsid}, and which processes a signal to a group reaches ({@code kill(0 | -1 | -pgid)},
 * {@code killpg}). A fork child is in its parent's group and session; the main process and each root lead a
 * group of their own, in their OS process's session. Group and session ids are pids, unique in the table, so
 * groups of different trees (runs of a server) never mix; {@code kill(-1)} stays inside the caller's tree.
 */
public final class ProcessGroups {
    private final ProcessTable table;

    ProcessGroups(ProcessTable table) {
        this.table = table;
    }

    /** {@code getpgid(pid)}: 0 is the caller; ESRCH if {@code pid} is not a process of the table. */
    public int getpgid(VirtualProcess caller, int pid) {
        return pid == 0 ? caller.pgid : table.lookup(pid).pgid;
    }

    /** {@code getsid(pid)}: 0 is the caller; ESRCH if {@code pid} is not a process of the table. */
    public int getsid(VirtualProcess caller, int pid) {
        return pid == 0 ? caller.sid : table.lookup(pid).sid;
    }

    /**
     * {@code setpgid(pid, pgid)}: moves the caller or one of its children ({@code pid} 0: the caller) into group
     * {@code pgid} ({@code 0}: a new group led by that process), which must exist in the caller's session
     * unless it is new. EINVAL for a negative group, ESRCH for a process that is neither, EPERM for a session
     * leader, a child in another session, or a group of another session or of nobody.
     */
    public void setpgid(VirtualProcess caller, int pid, int pgid) {
        if (pgid < 0) {
            throw new KernelException(Errno.EINVAL);
        }
        table.lock.lock();
        try {
            VirtualProcess target = pid == 0 ? caller : table.find(pid);
            if (target == null || (target != caller && target.parent != caller)) {
                throw new KernelException(Errno.ESRCH);
            }
            int group = pgid == 0 ? target.pid() : pgid;
            if (target.sid == target.pid() || target.sid != caller.sid) {
                throw new KernelException(Errno.EPERM);
            }
            if (group != target.pid() && !hasGroupInSession(group, caller.sid)) {
                throw new KernelException(Errno.EPERM);
            }
            target.pgid = group;
        } finally {
            table.lock.unlock();
        }
    }

    /**
     * {@code setsid()}: the caller leads a new session and a new group, both its pid, which it returns; EPERM if
     * a group with that id exists already (the caller leads its group).
     */
    public int setsid(VirtualProcess caller) {
        table.lock.lock();
        try {
            if (hasGroup(caller.pid())) {
                throw new KernelException(Errno.EPERM);
            }
            caller.sid = caller.pid();
            caller.pgid = caller.pid();
            return caller.pid();
        } finally {
            table.lock.unlock();
        }
    }

    /**
     * The processes {@code kill(pid, ...)} from {@code caller} reaches for {@code pid <= 0}: 0 the caller's group,
     * -1 every other process of the caller's tree, {@code -pgid} that group; zombies included (a signal to one
     * succeeds and does nothing). ESRCH if there is none.
     */
    List<VirtualProcess> signalTargets(VirtualProcess caller, int pid) {
        if (pid == Integer.MIN_VALUE) {
            throw new KernelException(Errno.ESRCH); // -pid overflows; Linux refuses it the same way
        }
        List<VirtualProcess> targets = new ArrayList<>();
        table.lock.lock();
        try {
            int group = pid == 0 ? caller.pgid : -pid;
            for (VirtualProcess process : table.all()) {
                boolean reached = pid == -1
                        ? process != caller && process.treeRoot == caller.treeRoot
                        : process.pgid == group;
                if (reached) {
                    targets.add(process);
                }
            }
        } finally {
            table.lock.unlock();
        }
        if (targets.isEmpty()) {
            throw new KernelException(Errno.ESRCH);
        }
        return targets;
    }

    private boolean hasGroup(int pgid) {
        for (VirtualProcess process : table.all()) {
            if (process.pgid == pgid) {
                return true;
            }
        }
        return false;
    }

    private boolean hasGroupInSession(int pgid, int sid) {
        for (VirtualProcess process : table.all()) {
            if (process.pgid == pgid && process.sid == sid) {
                return true;
            }
        }
        return false;
    }
}
