package dev.graalpymp.host;

import dev.graalpymp.kernel.PythonVisible;
import org.graalvm.polyglot.Value;
import dev.graalpymp.kernel.Syscalls;
import dev.graalpymp.kernel.proc.CpuTimes;
import dev.graalpymp.kernel.shm.MappedFile;
import dev.graalpymp.kernel.track.ResourceTracker;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The host's services to one process's Python code, the {@code services} of {@code graalpy_mp.gateway} and the
 * overlays: the only way from Python code to the plugin's Java objects (how the process starts comes apart, once,
 * as its {@link ProcessStart}). Python sees exactly the members marked {@link PythonVisible}; each capability
 * adds the accessor its overlays need.
 */
public final class HostServices {

    private final PythonProcess process;

    HostServices(PythonProcess process) {
        this.process = process;
    }

    /** The kernel's system calls, acting for this process. */
    @PythonVisible
    public Syscalls syscalls() {
        return process.syscalls();
    }

    /** The replay is over: from now on this process's output is real. */
    @PythonVisible
    public void goLive() {
        process.goLive();
    }

    /**
     * The host half of {@code os.fork()}: a new process whose fd table is this one's as it is now, which
     * re-executes this process's program (a multiprocessing child's too) replaying {@code childLog} (this process's record, ending with the fork that
     * returns 0 in the child). Returns the child's pid.
     */
    @PythonVisible
    public int fork(byte[] childLog) {
        return process.forkChild(process.start().replaying(childLog));
    }

    /**
     * The host half of multiprocessing's fork start method: a new process whose fd table is this one's as it
     * is now, which installs {@code state} (this process's pickled state and the process object, see
     * {@code graalpy_mp.mp.transfer}) and runs the process object. Returns the child's pid.
     */
    @PythonVisible
    public int forkTransfer(byte[] state) {
        return process.forkChild(ProcessStart.transfer(process.launch(), state));
    }

    /**
     * The host half of multiprocessing's spawn (and forkserver) start method: a new process whose fd table is this
     * one's as it is now, which reads from a pipe what {@code preparation} names and runs the process object
     * there (see {@code graalpy_mp.mp.transfer}). Returns the child's pid.
     */
    @PythonVisible
    public int forkSpawn(byte[] preparation) {
        return process.forkChild(ProcessStart.spawn(process.launch(), preparation));
    }

    /** Which standard streams are a terminal for the program: bits 0-2 (see {@link Launch#withTerminalStreams}). */
    @PythonVisible
    public int terminalStreams() {
        return process.launch().terminalStreams();
    }

    /** Which standard streams are the JVM's own fds: bits 0-2 (see {@link Launch#osStandardStreams}). */
    @PythonVisible
    public int osStandardStreams() {
        return process.launch().osStandardStreams();
    }

    /** The current (Python) thread starts running for this process: its CPU time is the process's from now. */
    @PythonVisible
    public void threadStarted() {
        process.cpu().enter();
        ThreadFailures.started(process);
    }

    /** The current Python thread is done: see {@link #threadStarted}. */
    @PythonVisible
    public void threadEnded() {
        ThreadFailures.ended();
        process.cpu().exit();
    }

    /**
     * {@code {user, system}} CPU nanoseconds: {@code who} 0 this process ({@code RUSAGE_SELF}), 1 the children
     * it waited for ({@code RUSAGE_CHILDREN}), 2 the calling thread ({@code RUSAGE_THREAD}).
     */
    @PythonVisible
    public long[] cpuTimes(int who) {
        CpuTimes times = switch (who) {
            case 0 -> process.cpu().processTimes();
            case 1 -> process.kernel().waitedChildrenTimes();
            case 2 -> process.cpu().threadTimes();
            default -> throw new IllegalArgumentException("who " + who);
        };
        return new long[] {times.userNanos(), times.systemNanos()};
    }

    /** The program has imported multiprocessing: contexts for its children start booting now. */
    @PythonVisible
    public void prewarmChildren() {
        process.prewarmChildren();
    }

    /** multiprocessing's resource tracker, shared by this program's processes (CPython: a tracker process). */
    @PythonVisible
    public ResourceTracker resourceTracker() {
        return process.resourceTracker();
    }

    /** The signals this process keeps to itself (see {@link MainThreadSignals}). */
    @PythonVisible
    public int[] routedSignals() {
        return MainThreadSignals.routable();
    }

    /**
     * Called once from the process's main thread: {@code runner(signum)} runs the handler of a signal that arrives
     * while this thread is blocked in a kernel call, from within that call (see the kernel's HandlerInterrupts).
     */
    @PythonVisible
    public void setSignalRunner(Value runner) {
        process.interruptWaitsWith(signal -> runner.executeVoid(signal));
    }

    /** {@code install()} calls {@code _signal.signal(signum, ...)}: see {@link MainThreadSignals#capture}. */
    @PythonVisible
    public void captureSignal(int signum, int disposition, Value install) {
        process.signals().capture(signum, disposition, install::executeVoid);
    }

    /** The program set its disposition of a routed signal: 0 default, 1 ignore, 2 a Python handler. */
    @PythonVisible
    public void setSignalDisposition(int signum, int disposition) {
        process.signals().setDisposition(signum, disposition);
    }

    /** {@code siginterrupt(signum, !restart)}: SA_RESTART for {@code signum} until its next {@code signal()}. */
    @PythonVisible
    public void setSignalRestart(int signum, boolean restart) {
        process.signals().setRestart(signum, restart);
    }

    /**
     * {@code set_wakeup_fd}: the kernel fd the host writes a signal's byte to at its arrival (-1: none, or one
     * of GraalPy's fds, which Python writes itself), see {@link SignalWakeupFd}.
     */
    @PythonVisible
    public void setWakeupFd(int kernelFd, boolean warnOnFullBuffer) {
        process.signals().wakeup().set(kernelFd, warnOnFullBuffer);
    }

    /** A signal this process delivers to itself without the kernel (its handler runs at once): its byte. */
    @PythonVisible
    public void writeWakeupByte(int signum) {
        process.signals().wakeup().signalArrived(signum);
    }

    /** The errno of a wakeup byte that could not be written, to report before a handler runs; 0 if none. */
    @PythonVisible
    public int takeWakeupFailure() {
        return process.signals().wakeup().takeFailure();
    }

    /** {@code raise_signal}: the signal sent to this process (its disposition, else the default action). */
    @PythonVisible
    public void raiseSignal(int signum) {
        process.raiseSignal(signum);
    }

    /**
     * {@code setitimer(which, delay, interval)} of this process (which: 0 ITIMER_REAL, 1 ITIMER_VIRTUAL, 2
     * ITIMER_PROF); returns the previous (delay, interval).
     */
    @PythonVisible
    public double[] setTimer(int which, double delay, double interval) {
        return process.signals().timers().set(which, delay, interval);
    }

    /** {@code getitimer(which)} of this process. */
    @PythonVisible
    public double[] timer(int which) {
        return process.signals().timers().get(which);
    }

    /** The OS pid of the subprocess child this thread has just started (see {@link OsChildren}); -1 if none. */
    @PythonVisible
    public long takeStartedOsChild() {
        return OsChildren.takeLastStarted();
    }

    /** {@code os.kill} of a subprocess child of this JVM, not reaped yet (see {@link OsChildren}). */
    @PythonVisible
    public void signalOsChild(long pid, int signal) {
        OsChildren.signal(pid, signal);
    }

    /** The program ends by {@code signum} once its exit sequence has run (CPython's uncaught KeyboardInterrupt). */
    @PythonVisible
    public void endBySignal(int signum) {
        process.endBySignal(signum);
    }

    /** {@code multiprocessing.shared_memory}'s segment file mapped for ctypes to view (see {@link MappedFile}). */
    @PythonVisible
    public MappedFile mapSharedFile(String path, long size) throws IOException {
        return new MappedFile(Path.of(path), size);
    }

    /** A hard link, which GraalPy's {@code os.link} gets wrong (see {@link FileCalls}). */
    @PythonVisible
    public void link(String existing, String link) {
        FileCalls.link(process.files(), existing, link);
    }

    /** The target of a symbolic link, which GraalPy's {@code os.readlink} gets wrong (see {@link FileCalls}). */
    @PythonVisible
    public String readlink(String path) {
        return FileCalls.readlink(process.files(), path);
    }

    /** File times to the nanosecond, which GraalPy's {@code os.utime} rounds (see {@link FileCalls}). */
    @PythonVisible
    public void setFileTimes(String path, long accessNanos, long modifiedNanos, boolean followSymlinks) {
        FileCalls.setTimes(process.files(), path, accessNanos, modifiedNanos, followSymlinks);
    }

    /** A file's owner, which GraalPy's backend cannot set (see {@link FileCalls}). */
    @PythonVisible
    public void chown(String path, int uid, int gid, boolean followSymlinks) {
        FileCalls.chown(process.files(), path, uid, gid, followSymlinks);
    }

    /** A file the process made as an unnamed one (O_TMPFILE): deleted when its context closes. */
    @PythonVisible
    public void deleteWithContext(String path) {
        process.files().deleteWithContext(path);
    }
}
