package dev.graalpymp.kernel;

import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.fd.OpenFileDescription;
import dev.graalpymp.kernel.fd.Poller;
import dev.graalpymp.kernel.pipe.Messages;
import dev.graalpymp.kernel.pipe.Pipe;
import dev.graalpymp.kernel.pipe.SocketPairEnd;
import dev.graalpymp.kernel.proc.OsProcessStat;
import dev.graalpymp.kernel.proc.ProcessGroups;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.sem.SemaphoreCalls;
import dev.graalpymp.kernel.shm.SharedMemoryCalls;
import dev.graalpymp.kernel.wait.HandlerInterrupts;
import dev.graalpymp.kernel.wait.KernelWait;
import dev.graalpymp.kernel.wait.Waitable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The system calls of one virtual process, as Python sees them: the object the host hands to the process's
 * context, whose {@link PythonVisible} methods back the overlays of {@code os}, {@code select} and
 * {@code multiprocessing}. Methods take and return only ints, booleans, strings, {@code byte[]} and int/long
 * arrays; failures throw {@link KernelException} (errno + CPython's message), and any call made by a process
 * that was killed or has exited throws {@link ProcessCancelledException}. Where CPython's {@code os} adds a
 * policy on top of the system call (fds it creates are non-inheritable, PEP 446), this class applies it.
 *
 * <p>Thread-safe: all threads of the process share it.
 */
public final class Syscalls {
    /** Linux {@code O_NONBLOCK}, as {@link #statusFlags} reports it. */
    public static final int O_NONBLOCK = 04000;
    /** Linux {@code MSG_CTRUNC}: {@link #recvmsgAt} had fewer fd numbers than fds arrived (the rest closed). */
    public static final int MSG_CTRUNC = 8;

    private final Kernel kernel;
    private final VirtualProcess self;

    Syscalls(Kernel kernel, VirtualProcess self) {
        this.kernel = kernel;
        this.self = self;
    }

    /** This process's semaphore calls (multiprocessing's locks). */
    @PythonVisible
    public SemaphoreCalls semaphores() {
        return new SemaphoreCalls(kernel.semaphores(), self.cancellation());
    }

    /** This process's shared-memory calls (multiprocessing's Value and Array). */
    @PythonVisible
    public SharedMemoryCalls sharedMemory() {
        return new SharedMemoryCalls(kernel.sharedMemory());
    }

    /** How many bytes a pipe holds (Linux's default, F_GETPIPE_SZ); no read returns more. */
    @PythonVisible
    public int pipeCapacity() {
        return Pipe.CAPACITY;
    }

    // ---- processes ----

    @PythonVisible
    public int getpid() {
        enter();
        return self.pid();
    }

    @PythonVisible
    public int getppid() {
        enter();
        return self.parentPid();
    }

    @PythonVisible
    public int getpgrp() {
        enter();
        return self.pgid();
    }

    /** Whether {@code pid} belongs to the kernel's world (else it is a real OS process, e.g. a subprocess). */
    @PythonVisible
    public boolean isKernelPid(int pid) {
        return kernel.isKernelPid(pid);
    }

    /**
     * The native id of a new thread of this process: see
     * {@link dev.graalpymp.kernel.proc.ProcessTable#newThreadId}.
     */
    @PythonVisible
    public int newThreadId() {
        enter();
        return kernel.processTable().newThreadId();
    }

    /** {@code os.waitpid}: {@code {pid, status}}, {@code {0, 0}} with WNOHANG if none ended, ECHILD if no child. */
    @PythonVisible
    public int[] waitpid(int pid, int options) {
        enter();
        return HandlerInterrupts.restartable(self.cancellation(),
                () -> kernel.processTable().waitpid(self, pid, options));
    }

    /**
     * {@code time.sleep}: waits {@code nanos} (0 or less: offers the core to another thread once, as Linux's
     * {@code clock_nanosleep} of 0 does). A handler of a signal sent meanwhile runs in the main thread and the
     * sleep goes on with the time left (PEP 475); a handler's exception ends it; so does the process's end.
     */
    @PythonVisible
    public void sleep(long nanos) {
        enter();
        if (nanos <= 0) {
            Thread.yield();
            return;
        }
        KernelWait.awaitAny(self.cancellation(), List.<Waitable>of(), nanos);
    }

    /** {@code signal.pause()}: see {@link HandlerInterrupts#pause}. */
    @PythonVisible
    public void pause() {
        enter();
        HandlerInterrupts.pause(self.cancellation());
    }

    /**
     * {@code os.kill}: a process, the caller's group (0), every other process of its tree (-1) or a group
     * ({@code -pgid}); see {@link dev.graalpymp.kernel.proc.ProcessTable#kill(VirtualProcess, int, int, boolean)}.
     * {@code skipSelf}: the caller is not signalled even if reached (its Python side runs its handler at once).
     */
    @PythonVisible
    public void kill(int pid, int signal, boolean skipSelf) {
        enter();
        kernel.processTable().kill(self, pid, signal, skipSelf);
        enter(); // a process that killed itself does not return from kill
    }

    /**
     * {@code signal.pthread_sigmask}: {@code {old mask, released, new mask}}, see
     * {@link dev.graalpymp.kernel.proc.SignalMasks#sigprocmask}.
     */
    @PythonVisible
    public long[] sigprocmask(int how, long mask) {
        enter();
        return kernel.processTable().signalMasks().sigprocmask(self, how, mask);
    }

    /** The calling Python thread ends: its signal mask goes (see SignalMasks#threadEnded). */
    @PythonVisible
    public void sigmaskThreadEnded() {
        enter();
        kernel.processTable().signalMasks().threadEnded(self);
    }

    /** {@code signal.sigpending}: the mask of signals held pending. */
    @PythonVisible
    public long sigpending() {
        enter();
        return kernel.processTable().signalMasks().pending(self);
    }

    /**
     * {@code signal.sigtimedwait}: {@code {signal, sender pid}}, or an empty array once {@code timeoutSeconds}
     * passed (negative: no limit, {@code sigwait}).
     */
    @PythonVisible
    public int[] sigwait(long mask, double timeoutSeconds) {
        enter();
        return kernel.processTable().signalMasks().sigwait(self, mask, KernelWait.secondsToNanos(timeoutSeconds));
    }

    /** {@code os.getpgid}: of this process (0), another one of the kernel, or a real OS process; else ESRCH. */
    @PythonVisible
    public int getpgid(int pid) {
        return groupIdOf(pid, false);
    }

    /** {@code os.getsid}: as {@link #getpgid}, for sessions. */
    @PythonVisible
    public int getsid(int pid) {
        return groupIdOf(pid, true);
    }

    private int groupIdOf(int pid, boolean session) {
        enter();
        if (pid != 0 && !kernel.isKernelPid(pid)) {
            var id = session ? OsProcessStat.sessionOfProcess(pid) : OsProcessStat.groupOf(pid);
            return id.orElseThrow(() -> new KernelException(Errno.ESRCH));
        }
        ProcessGroups groups = kernel.processTable().groups();
        return session ? groups.getsid(self, pid) : groups.getpgid(self, pid);
    }

    /** {@code os.setpgid} (and {@code setpgrp}: {@code setpgid(0, 0)}); see {@link ProcessGroups#setpgid}. */
    @PythonVisible
    public void setpgid(int pid, int pgid) {
        enter();
        kernel.processTable().groups().setpgid(self, pid, pgid);
    }

    /** {@code os.setsid}: see {@link ProcessGroups#setsid}. */
    @PythonVisible
    public int setsid() {
        enter();
        return kernel.processTable().groups().setsid(self);
    }

    // ---- file descriptors ----

    /**
     * {@code os.pipe()} at numbers the caller chose (the host's placeholders): both non-inheritable. EBADF if
     * either number is taken or out of range.
     */
    @PythonVisible
    public void pipeAt(int readFd, int writeFd) {
        enter();
        if (readFd == writeFd) {
            throw new KernelException(Errno.EINVAL);
        }
        Pipe.Ends ends = Pipe.open(false);
        installPair(ends.readEnd(), readFd, ends.writeEnd(), writeFd);
    }

    /** Installs two fresh descriptions at {@code fd1}, {@code fd2} (non-inheritable): both or neither. */
    private void installPair(OpenFileDescription first, int fd1, OpenFileDescription second, int fd2) {
        FdTable fds = self.fds();
        try {
            fds.installAt(first, fd1, true); // releases the description it could not install
        } catch (RuntimeException e) {
            second.release();
            throw e;
        }
        try {
            fds.installAt(second, fd2, true);
        } catch (RuntimeException e) {
            fds.close(fd1);
            throw e;
        }
    }

    /**
     * {@code socketpair(AF_UNIX, SOCK_STREAM, 0)} with both ends installed at the given numbers (the
     * caller's placeholders, as {@link #pipeAt}); non-inheritable, as CPython's {@code socket.socketpair}.
     */
    @PythonVisible
    public void socketpairAt(int fd1, int fd2) {
        enter();
        if (fd1 == fd2) {
            throw new KernelException(Errno.EINVAL);
        }
        SocketPairEnd.Pair pair = SocketPairEnd.open();
        installPair(pair.first(), fd1, pair.second(), fd2);
    }

    /** {@code socket(AF_UNIX)} + {@code bind(address)} + {@code listen()}: a listener handle. */
    @PythonVisible
    public long unixListen(String address) {
        enter();
        return kernel.unixListeners().listen(address, self);
    }

    /** {@code accept()} on a listener: the connection's socket, installed at {@code fd} (a placeholder). */
    @PythonVisible
    public void unixAcceptAt(long listener, int fd) {
        enter();
        self.fds().installAt(HandlerInterrupts.restartable(self.cancellation(),
                () -> kernel.unixListeners().accept(listener, self.cancellation())), fd, true);
    }

    /** {@code connect(address)} of an AF_UNIX stream socket, installed at {@code fd} (a placeholder). */
    @PythonVisible
    public void unixConnectAt(String address, int fd) {
        enter();
        self.fds().installAt(kernel.unixListeners().connect(address), fd, true);
    }

    /** Closes a listener made by {@link #unixListen}. */
    @PythonVisible
    public void unixClose(long listener) {
        kernel.unixListeners().close(listener);
    }

    /**
     * {@code os.read(fd, n)} into {@code buffer} (from index 0): the number of bytes read, 0 at end of file; blocks
     * (unless the description is non-blocking: EAGAIN) until at least one byte or end of file. EBADF if {@code fd}
     * is not open for reading. Python passes the storage of a new {@code bytearray} (GraalPy's
     * {@code polyglot.storage}), so the bytes cross without conversion: a {@code byte[]} returned to Python would be
     * converted element by element, a string encoded character by character.
     */
    @PythonVisible
    public int read(int fd, byte[] buffer, int n) {
        enter();
        if (n < 0 || n > buffer.length) {
            throw new KernelException(Errno.EINVAL);
        }
        return withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(),
                () -> description.read(buffer, n, self.cancellation())));
    }

    /**
     * {@code os.write(fd, data)} of the first {@code length} bytes of {@code data} (the storage of a Python
     * {@code bytes}, which may be longer): the number of bytes written. Blocking: all of it (unless every reader
     * goes away meanwhile); non-blocking: what fits, EAGAIN if nothing does. EPIPE if no read end is open.
     */
    @PythonVisible
    public int write(int fd, byte[] data, int length) {
        enter();
        if (length < 0 || length > data.length) {
            throw new KernelException(Errno.EINVAL);
        }
        return withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(),
                () -> description.write(data, length, self.cancellation())));
    }

    /**
     * {@code multiprocessing.connection.Connection}'s receipt of one message on {@code fd} into {@code buffer}
     * (up to {@code capacity} bytes, accepting at most {@code maxLength}; negative: any): see
     * {@link Messages#receive} for the result. A signal handler runs during the wait, as for {@link #read}.
     */
    @PythonVisible
    public long receiveMessage(int fd, byte[] buffer, int capacity, long maxLength) {
        enter();
        if (capacity < 0 || capacity > buffer.length) {
            throw new KernelException(Errno.EINVAL);
        }
        return withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(),
                () -> Messages.receive(description, buffer, capacity, maxLength, self.cancellation())));
    }

    /** The body of a message {@link #receiveMessage} left pending: how many of its {@code length} bytes arrived. */
    @PythonVisible
    public int receiveMessageBody(int fd, byte[] buffer, int length) {
        enter();
        if (length < 0 || length > buffer.length) {
            throw new KernelException(Errno.EINVAL);
        }
        return withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(),
                () -> Messages.receiveBody(description, buffer, length, self.cancellation())));
    }

    /**
     * {@code Connection._send_bytes} of {@code data[0, length)} on {@code fd} (see {@link Messages#send}); returns
     * {@code length} (a result an os.fork() record can hold, where Java's void is a foreign None).
     */
    @PythonVisible
    public int sendMessage(int fd, byte[] data, int length) {
        enter();
        if (length < 0 || length > data.length) {
            throw new KernelException(Errno.EINVAL);
        }
        return withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(), () -> {
            Messages.send(description, data, length, self.cancellation());
            return length;
        }));
    }

    /**
     * The byte {@code signal.set_wakeup_fd} asks for: {@code signal} written to {@code fd} by the thread that
     * delivers the signal (the host's), never waiting; 0, or the errno of the failure (EAGAIN: the pipe is full)
     * for the process to report. Not for Python: it acts on the signal's arrival, not on a call.
     */
    public int writeSignalByte(int fd, int signal) {
        try {
            return withDescription(fd, description -> {
                description.writeWithoutWaiting(new byte[] {(byte) signal}, 1);
                return 0;
            });
        } catch (KernelException e) {
            return e.errno();
        }
    }

    /**
     * {@code sendmsg(fd, [data], [(SOL_SOCKET, SCM_RIGHTS, fds)])} on a socket pair end: writes as {@link #write},
     * the descriptions of {@code fds} travelling with the bytes (Linux sends none with no byte). EBADF if any of
     * {@code fds} is not open (nothing sent), ENOTSOCK if {@code fd} is no socket.
     */
    @PythonVisible
    public int sendmsg(int fd, byte[] data, int length, int[] fds) {
        enter();
        if (length < 0 || length > data.length) {
            throw new KernelException(Errno.EINVAL);
        }
        OpenFileDescription[] sent = new OpenFileDescription[fds.length];
        int written = 0;
        try {
            for (int i = 0; i < fds.length; i++) {
                sent[i] = self.fds().acquire(fds[i]); // the reference the message carries
            }
            written = withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(),
                    () -> socketPairEnd(description).sendmsg(data, length, sent, self.cancellation())));
            return written;
        } finally {
            if (written == 0) { // not sent: the references are still ours
                for (OpenFileDescription description : sent) {
                    if (description != null) {
                        description.release();
                    }
                }
            }
        }
    }

    /**
     * {@code recvmsg} on a socket pair end: reads as {@link #read} into {@code buffer}, and installs the fds that
     * arrived with the bytes at the numbers of {@code fdsAt} (the host's placeholders, in order; close-on-exec
     * as {@code MSG_CMSG_CLOEXEC} asks, inheritable by default as on Linux). Returns {@code {bytes read, fds
     * installed, flags}}: flags has {@link #MSG_CTRUNC} when more fds arrived than {@code fdsAt} holds (the rest
     * are closed, as Linux does when the control buffer is too short).
     */
    @PythonVisible
    public int[] recvmsgAt(int fd, byte[] buffer, int n, int[] fdsAt, boolean closeOnExec) {
        enter();
        if (n < 0 || n > buffer.length) {
            throw new KernelException(Errno.EINVAL);
        }
        List<OpenFileDescription> received = new ArrayList<>();
        int length = withDescription(fd, description -> HandlerInterrupts.restartable(self.cancellation(),
                () -> socketPairEnd(description).recvmsg(buffer, n, self.cancellation(), received)));
        int installed = Math.min(received.size(), fdsAt.length);
        for (int i = 0; i < received.size(); i++) {
            if (i >= installed) {
                received.get(i).release();
                continue;
            }
            try {
                self.fds().installAt(received.get(i), fdsAt[i], closeOnExec); // releases what it cannot install
            } catch (RuntimeException e) {
                received.subList(i + 1, received.size()).forEach(OpenFileDescription::release);
                throw e;
            }
        }
        return new int[] {length, installed, received.size() > installed ? MSG_CTRUNC : 0};
    }

    private static SocketPairEnd socketPairEnd(OpenFileDescription description) {
        if (description instanceof SocketPairEnd end) {
            return end;
        }
        throw new KernelException(Errno.ENOTSOCK);
    }

    @PythonVisible
    public void close(int fd) {
        enter();
        self.fds().close(fd);
    }

    /** {@code os.dup2(fd, fd2, inheritable)}: closes {@code fd2} first; same numbers → {@code fd2}. */
    @PythonVisible
    public int dup2(int fd, int fd2, boolean inheritable) {
        enter();
        if (fd == fd2 && !inheritable) {
            self.fds().acquire(fd).release(); // EBADF first, as dup3 checks the fd before the numbers
            throw new KernelException(Errno.EINVAL); // CPython uses dup3, which refuses equal numbers
        }
        return self.fds().dup2(fd, fd2, !inheritable);
    }

    /** {@code os.get_blocking}: O_NONBLOCK is per open-file description, shared with dups and forks. */
    @PythonVisible
    public boolean getBlocking(int fd) {
        enter();
        return withDescription(fd, description -> !description.isNonBlocking());
    }

    @PythonVisible
    public void setBlocking(int fd, boolean blocking) {
        enter();
        withDescription(fd, description -> {
            description.setNonBlocking(!blocking);
            return null;
        });
    }

    /** {@code os.get_inheritable}: the inverse of FD_CLOEXEC, which is per fd. */
    @PythonVisible
    public boolean getInheritable(int fd) {
        enter();
        return !self.fds().isCloseOnExec(fd);
    }

    @PythonVisible
    public void setInheritable(int fd, boolean inheritable) {
        enter();
        self.fds().setCloseOnExec(fd, !inheritable);
    }

    /** {@code os.fstat} basics: {@code {st_mode, st_ino, st_size}} (st_size is 0 for pipes, as on Linux). */
    @PythonVisible
    public long[] fstat(int fd) {
        enter();
        return withDescription(fd, description -> new long[] {
            description.kind().mode(), description.inode(), description.size()});
    }

    /** glibc's message for {@code errno} ({@code os.strerror}): the kernel's one table, see {@link Errno}. */
    @PythonVisible
    public String strerror(int errno) {
        return Errno.strerror(errno);
    }

    /** {@code fcntl(fd, F_GETFL)}: the access mode, with {@link #O_NONBLOCK} when set. */
    @PythonVisible
    public int statusFlags(int fd) {
        enter();
        return withDescription(fd, description ->
                description.accessMode() | (description.isNonBlocking() ? O_NONBLOCK : 0));
    }

    /** Bytes readable without blocking ({@code FIONREAD}). */
    @PythonVisible
    public int bytesAvailable(int fd) {
        enter();
        return withDescription(fd, OpenFileDescription::bytesAvailable);
    }

    /** All open kernel fds, ascending. */
    @PythonVisible
    public int[] kernelFds() {
        return self.fds().openFds();
    }

    // ---- waiting ----

    /**
     * {@code select.select} over kernel fds: {@code {readyRead, readyWrite}} once any is ready or after
     * {@code timeoutSeconds} (0: poll; negative: no timeout, i.e. Python's None). EBADF if any fd is not open.
     */
    @PythonVisible
    public int[][] select(int[] readFds, int[] writeFds, double timeoutSeconds) {
        enter();
        return Poller.select(self.fds(), self.cancellation(), readFds, writeFds,
                KernelWait.secondsToNanos(timeoutSeconds));
    }

    /**
     * {@code poll(2)} over kernel fds: the {@code revents} aligned with {@code fds}, once any is non-zero or after
     * {@code timeoutMillis} (negative: no timeout). Events are Linux's POLLIN 1, POLLOUT 4, POLLERR 8,
     * POLLHUP 16, POLLNVAL 32.
     */
    @PythonVisible
    public int[] poll(int[] fds, int[] events, int timeoutMillis) {
        enter();
        long timeoutNanos = timeoutMillis < 0 ? -1 : timeoutMillis * 1_000_000L;
        return Poller.poll(self.fds(), self.cancellation(), fds, events, timeoutNanos);
    }

    private void enter() {
        self.cancellation().throwIfCancelled();
    }

    /** Runs {@code call} holding a reference to {@code fd}'s description, so a concurrent close cannot end it. */
    private <T> T withDescription(int fd, Function<OpenFileDescription, T> call) {
        OpenFileDescription description = self.fds().acquire(fd);
        try {
            return call.apply(description);
        } finally {
            description.release();
        }
    }
}
