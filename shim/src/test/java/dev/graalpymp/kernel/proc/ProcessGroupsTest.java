package dev.graalpymp.kernel.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.fd.FdTable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProcessGroupsTest {
    private static final int MAIN_PID = 1000;
    private static final int FIRST_CHILD = 5_000_000;

    private final ProcessTable table = new ProcessTable(MAIN_PID, 999, FIRST_CHILD, FdTable.DEFAULT_LIMIT);
    private final ProcessGroups groups = table.groups();
    private final VirtualProcess main = table.main();
    /** "pid:signal" of every signal a process with a recorder received. */
    private final List<String> received = new CopyOnWriteArrayList<>();

    private static int errno(Runnable call) {
        return assertThrows(KernelException.class, call::run).errno();
    }

    private VirtualProcess recordingChild(VirtualProcess parent) {
        VirtualProcess child = table.fork(parent);
        child.setSignalReceiver(signal -> received.add(child.pid() + ":" + signal));
        return child;
    }

    @Test
    void aChildIsInItsParentsGroupAndSessionUntilItLeaves() {
        VirtualProcess child = table.fork(main);
        assertEquals(MAIN_PID, groups.getpgid(child, 0));
        assertEquals(main.sid(), groups.getsid(child, 0));
        assertEquals(child.pid(), groups.setsid(child));
        assertEquals(child.pid(), child.pgid());
        assertEquals(child.pid(), groups.getsid(main, child.pid()));
        VirtualProcess grandchild = table.fork(child);
        assertEquals(child.pid(), grandchild.pgid());
        assertEquals(child.pid(), grandchild.sid());
        assertEquals(Errno.ESRCH, errno(() -> groups.getpgid(main, 4242)));
    }

    @Test
    void setsidIsRefusedToAGroupLeader() {
        VirtualProcess child = table.fork(main);
        groups.setpgid(main, child.pid(), 0); // the child leads a group of its own now
        assertEquals(child.pid(), child.pgid());
        assertEquals(Errno.EPERM, errno(() -> groups.setsid(child)));
    }

    @Test
    void setpgidFollowsLinuxRules() {
        VirtualProcess child = table.fork(main);
        VirtualProcess grandchild = table.fork(child);
        groups.setpgid(child, 0, 0);
        assertEquals(child.pid(), child.pgid());
        groups.setpgid(child, grandchild.pid(), child.pid());
        assertEquals(child.pid(), grandchild.pgid());
        groups.setpgid(child, grandchild.pid(), MAIN_PID); // back to an existing group of the session
        assertEquals(MAIN_PID, grandchild.pgid());
        assertEquals(Errno.EINVAL, errno(() -> groups.setpgid(child, 0, -1)));
        assertEquals(Errno.ESRCH, errno(() -> groups.setpgid(main, grandchild.pid(), 0))); // not its child
        assertEquals(Errno.EPERM, errno(() -> groups.setpgid(child, 0, 4242))); // a group of nobody
        groups.setsid(grandchild);
        assertEquals(Errno.EPERM, errno(() -> groups.setpgid(grandchild, 0, 0))); // a session leader
        assertEquals(Errno.EPERM, errno(() -> groups.setpgid(child, grandchild.pid(), child.pid()))); // other session
    }

    @Test
    void killZeroReachesTheCallersGroupWithTheCallerLast() {
        VirtualProcess a = recordingChild(main);
        VirtualProcess b = recordingChild(a);
        VirtualProcess away = recordingChild(a);
        groups.setpgid(a, away.pid(), 0);
        table.kill(a, 0, Signals.SIGUSR1, false);
        assertEquals(List.of(b.pid() + ":10", a.pid() + ":10"), sortedButLast(received, a.pid() + ":10"));
        received.clear();
        table.kill(a, 0, Signals.SIGUSR1, true);
        assertEquals(List.of(b.pid() + ":10"), received);
        received.clear();
        table.kill(b, -away.pid(), Signals.SIGTERM, false);
        assertEquals(List.of(away.pid() + ":15"), received);
    }

    @Test
    void killMinusOneReachesEveryOtherProcessOfTheTreeOnly() {
        VirtualProcess a = recordingChild(main);
        VirtualProcess b = recordingChild(a);
        VirtualProcess root = table.root(77, 1);
        VirtualProcess otherTree = recordingChild(root);
        table.kill(b, -1, Signals.SIGUSR1, false);
        assertEquals(List.of(a.pid() + ":10"), received.stream().filter(r -> !r.startsWith(MAIN_PID + ":")).toList());
        received.clear();
        table.kill(otherTree, -1, 0, false); // root 77 is there
        VirtualProcess alone = table.root(78, 1);
        assertEquals(Errno.ESRCH, errno(() -> table.kill(alone, -1, 0, false))); // nobody else in its tree
    }

    @Test
    void aGroupOfNobodyOrOfOnlyBadSignalsIsAnError() {
        VirtualProcess child = table.fork(main);
        assertEquals(Errno.ESRCH, errno(() -> table.kill(child, -4242, Signals.SIGTERM, false)));
        assertEquals(Errno.ESRCH, errno(() -> table.kill(child, Integer.MIN_VALUE, 0, false)));
        assertEquals(Errno.EINVAL, errno(() -> table.kill(child, 0, 65, false)));
    }

    @Test
    void aDefaultActionEndsEveryMemberOfTheGroup() {
        VirtualProcess a = table.fork(main);
        VirtualProcess b = table.fork(a);
        groups.setpgid(a, 0, 0);
        groups.setpgid(a, b.pid(), a.pid());
        table.kill(main, -a.pid(), Signals.SIGTERM, false);
        assertEquals(true, a.cancellation().isCancelled());
        assertEquals(true, b.cancellation().isCancelled());
        assertEquals(false, main.cancellation().isCancelled());
    }

    /** The list with {@code last} moved to its end and the rest sorted: members other than the caller in any order. */
    private static List<String> sortedButLast(List<String> list, String last) {
        List<String> rest = new ArrayList<>(list);
        rest.remove(last);
        rest.sort(null);
        rest.add(last);
        return list.get(list.size() - 1).equals(last) ? rest : list;
    }
}
