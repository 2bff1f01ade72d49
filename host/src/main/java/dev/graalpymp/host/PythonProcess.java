package dev.graalpymp.host;

import dev.graalpymp.kernel.Syscalls;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.track.ResourceTracker;
import dev.graalpymp.kernel.wait.HandlerInterrupts;
import dev.graalpymp.kernel.wait.Latch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One Python process as the host runs it: a GraalPy context on the shared engine, bound to the kernel's record of
 * the process (its {@link VirtualProcess}), running its {@link ProcessStart} the way {@code python3} does. Killing
 * the kernel process cancels the context (SIGTERM/SIGKILL semantics: no {@code finally}, no atexit); the
 * context's end records the exit status in the kernel.
 */
final class PythonProcess {

    private final ProgramRun run;
    private final Launch launch;
    private final VirtualProcess kernelProcess;
    private final ProcessCpuClock cpu;
    private volatile boolean threadFailed; // a thread died of an internal error: reported, the process ends
    private final Syscalls syscalls;
    private final ProcessStart start;
    private final Latch live;
    private final MainThreadSignals signals;
    private volatile int endingSignal;
    private volatile WarmPool.WarmContext warm;

    /** {@code live} opens when the process goes live (at once when there is nothing to replay). */
    PythonProcess(ProgramRun run, VirtualProcess kernelProcess, ProcessStart start, Latch live) {
        this.run = run;
        this.launch = run.launch();
        this.kernelProcess = kernelProcess;
        this.cpu = new ProcessCpuClock(kernelProcess);
        this.syscalls = run.kernel().syscalls(kernelProcess.pid());
        this.start = start;
        this.live = live;
        int pid = kernelProcess.pid();
        this.signals = new MainThreadSignals(signal -> run.kernel().kill(pid, signal), kernelProcess,
                new SignalWakeupFd(syscalls), cpu);
    }

    /** This process's own signal state (dispositions, interval timers, delivery of the routed signals). */
    MainThreadSignals signals() {
        return signals;
    }

    /** Signal handlers interrupt the calling thread's (the main thread's) kernel waits, running through {@code runner}. */
    void interruptWaitsWith(HandlerInterrupts.Runner runner) {
        HandlerInterrupts interrupts = new HandlerInterrupts(Thread.currentThread(), runner);
        signals.setInterrupts(interrupts);
        kernelProcess.cancellation().setInterrupts(interrupts);
    }

    /** {@code raise_signal(signum)}: as the disposition says, else the default action (the process may end). */
    void raiseSignal(int signum) {
        syscalls.kill(kernelProcess.pid(), signum, false);
    }

    /** The program ends by {@code signal} once its exit sequence is done (an uncaught KeyboardInterrupt). */
    void endBySignal(int signal) {
        endingSignal = signal;
    }

    Syscalls syscalls() {
        return syscalls;
    }

    ProcessStart start() {
        return start;
    }

    ProcessCpuClock cpu() {
        return cpu;
    }

    VirtualProcess kernel() {
        return kernelProcess;
    }

    /** The file system of this process's context. */
    ReplayFileSystem files() {
        return warm.files();
    }

    Launch launch() {
        return launch;
    }

    ResourceTracker resourceTracker() {
        return run.tracker();
    }

    void goLive() {
        warm.files().goLive();
        warm.stdout().open();
        warm.stderr().open();
        live.open();
    }

    void prewarmChildren() {
        run.prewarmChildren();
    }

    /** Starts a child of this process as {@code child} says; returns its pid once it is live. */
    int forkChild(ProcessStart child) {
        return run.startChild(kernelProcess, child);
    }

    /**
     * Runs the program in {@code context} (made for this launch, on the calling thread); returns its exit
     * status, recorded in the kernel as well.
     */
    int run(WarmPool.WarmContext context) {
        this.warm = context;
        if (start.replays()) {
            context.files().startReplay();
        } else {
            goLive();
        }
        int status = 1;
        cpu.enter();
        try {
            // Registered once the context exists: a kill that came earlier runs the handler right now.
            kernelProcess.setCancellationHandler(signal -> cancelAsync());
            kernelProcess.setSignalReceiver(signals::deliver);
            if (context.pooled()) {
                adoptLaunch(context.context());
            }
            Value main = context.context().eval("python", "__import__('graalpy_mp.main').main.run");
            status = main.execute(start, new HostServices(this)).asInt();
        } catch (PolyglotException e) {
            if (e.isExit()) {
                status = e.getExitStatus(); // os._exit(n)
            } else if (!e.isCancelled() && !threadFailed && !kernelProcess.cancellation().isCancelled()) {
                report(e);
            } // cancelled: killed (the kernel already knows the signal; what its dying code raised before the
              // context's close reached it, such as a self-kill's, is after its death), or a thread's internal error
        } finally {
            kernelProcess.setSignalReceiver(null);
            signals.close();
            cpu.exit();
            cpu.close(); // daemon threads count up to here
            context.close(); // what is left (daemon threads) ends with the process
            if (endingSignal != 0) {
                kernelProcess.exitBySignal(endingSignal);
            } else {
                kernelProcess.exit(status & 0xff);
            }
        }
        return status;
    }

    /** A pooled context, made before its launch was known, takes the launch's environment and directory. */
    private void adoptLaunch(Context context) {
        String[] environment = launch.environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        context.eval("python", "__import__('graalpy_mp.main').main.adopt")
                .execute(environment, launch.workingDirectory().toString());
    }

    private void cancelAsync() {
        // The kill wakes the process's blocked kernel calls at once, before the context is closed: whatever its
        // Python code then prints (a worker's "Process ...:" traceback) is after its death, so never seen.
        warm.stdout().shut();
        warm.stderr().shut();
        WarmPool.WarmContext c = warm;
        Thread.ofPlatform().daemon().name("graalpy-mp-kill-" + kernelProcess.pid()).start(c::close);
    }

    /** An error outside Python's reach (an internal failure): one line on the process's stderr, status 1. */
    private void report(PolyglotException e) {
        report(e.getMessage());
    }

    private void report(String message) {
        goLive();
        try {
            OutputStream err = launch.stderr();
            err.write(("graalpy-mp: process " + kernelProcess.pid() + " ended abnormally: " + message + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // stderr itself is gone: nothing left to tell
        }
    }

    /**
     * A thread of this process died of an internal error (see {@link ThreadFailures}): the process ends as for one
     * in its main thread, one line on its stderr and status 1 (its main thread may wait for the dead one).
     */
    void threadDied(Thread thread, Throwable error) {
        if (kernelProcess.cancellation().isCancelled()) {
            return; // already ending (killed, exited): what its threads then meet is no error of theirs
        }
        threadFailed = true;
        report("internal error in a thread (host thread " + thread.getName() + "): " + error);
        kernelProcess.cancellation().cancel("process " + kernelProcess.pid() + " had an internal error");
        cancelAsync();
    }
}
