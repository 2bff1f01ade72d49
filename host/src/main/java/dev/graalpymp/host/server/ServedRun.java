package dev.graalpymp.host.server;

import dev.graalpymp.host.PythonRuntime;
import dev.graalpymp.host.cli.Invocation;
import dev.graalpymp.host.cli.Launcher;
import dev.graalpymp.kernel.proc.WaitStatus;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One client connection: its request (command line, environment, working directory, pid), the program run as
 * that client's process on the server's runtime, its streams and signals forwarded, and its exit status sent
 * back. The client's SIGINT reaches the program's handler (KeyboardInterrupt); its SIGTERM or SIGHUP ends the
 * program by that signal; a client that goes away (killed) ends the program by SIGKILL.
 */
final class ServedRun {

    private static final int SIGKILL = 9;

    private final RuntimeServer server;
    private final SocketChannel channel;
    private final DataInputStream in;
    private final Frames.Writer out;

    ServedRun(RuntimeServer server, SocketChannel channel) {
        this.server = server;
        this.channel = channel;
        this.in = new DataInputStream(ChannelStreams.input(channel));
        this.out = new Frames.Writer(new BufferedOutputStream(ChannelStreams.output(channel), 1 << 16));
    }

    void serve() throws IOException {
        List<String> args = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Path cwd = null;
        int[] process = null;
        while (true) {
            Frames.Frame frame = Frames.read(in);
            String text = new String(frame.payload(), StandardCharsets.UTF_8);
            switch (frame.type()) {
                case Frames.ARG -> args.add(text);
                case Frames.ENV -> {
                    int eq = text.indexOf('=');
                    if (eq > 0) {
                        env.put(text.substring(0, eq), text.substring(eq + 1));
                    }
                }
                case Frames.CWD -> cwd = Path.of(text);
                case Frames.PROCESS -> process = parseProcess(text);
                case Frames.COMMAND -> {
                    command(text);
                    return;
                }
                case Frames.RUN -> {
                    if (cwd == null || process == null) {
                        throw new IOException("incomplete request");
                    }
                    run(args, env, cwd, process);
                    return;
                }
                default -> throw new IOException("unexpected frame " + (char) frame.type());
            }
        }
    }

    /** "pid ppid tty0 tty1 tty2" */
    /** "pid ppid tty0 tty1 tty2 ignored": ignored is the mask of the client's ignored signals, bit N signal N. */
    private static int[] parseProcess(String text) throws IOException {
        String[] words = text.trim().split(" ");
        if (words.length != 6) {
            throw new IOException("bad process frame: " + text);
        }
        int[] values = new int[6];
        for (int i = 0; i < 6; i++) {
            values[i] = (int) Long.parseLong(words[i]);
        }
        return values;
    }

    private static Set<Integer> signalsOf(int mask) {
        Set<Integer> signals = new TreeSet<>();
        for (int signal = 1; signal <= 31; signal++) {
            if ((mask >>> signal & 1) != 0) {
                signals.add(signal);
            }
        }
        return signals;
    }

    private void command(String command) throws IOException {
        switch (command) {
            case "status" -> {
                out.write(Frames.MESSAGE, (server.describe() + "\n").getBytes(StandardCharsets.UTF_8));
                out.writeInt(Frames.EXIT, 0);
            }
            case "stop" -> {
                out.write(Frames.MESSAGE, ("graalpy-mp: stopping the runtime server (pid "
                        + ProcessHandle.current().pid() + ")\n").getBytes(StandardCharsets.UTF_8));
                out.writeInt(Frames.EXIT, 0);
                server.stop();
            }
            case "retire" -> { // a newer build's server has started: end once the programs running here have
                out.writeInt(Frames.EXIT, 0);
                server.retire();
            }
            default -> {
                out.write(Frames.MESSAGE, ("graalpy-mp: unknown server command '" + command + "'; use status or stop\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.writeInt(Frames.EXIT, 2);
            }
        }
    }

    private static void signal(PythonRuntime runtime, int pid, int signal) {
        try {
            runtime.forwardOsSignal(pid, signal);
        } catch (RuntimeException notRunning) {
            // ESRCH: the program has not started yet or has just ended; as with a real process, nothing happens
        }
    }

    private void run(List<String> args, Map<String, String> env, Path cwd, int[] process) throws IOException {
        int pid = process[0];
        int parentPid = process[1];
        ClientStdin stdin = new ClientStdin(out);
        FrameOutputStream stdout = new FrameOutputStream(out, Frames.STDOUT);
        FrameOutputStream stderr = new FrameOutputStream(out, Frames.STDERR);
        PythonRuntime runtime = server.runtime();
        Object state = new Object();
        boolean[] running = {true};
        Thread reader = Thread.ofPlatform().daemon().name("graalpy-mp-client-" + pid).start(() -> {
            try {
                while (true) {
                    Frames.Frame frame = Frames.read(in);
                    if (frame.type() == Frames.STDIN) {
                        stdin.answer(frame.payload());
                    } else if (frame.type() == Frames.SIGNAL) {
                        synchronized (state) {
                            if (running[0]) {
                                signal(runtime, pid, frame.asInt());
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException gone) {
                stdin.disconnect();
                synchronized (state) {
                    if (running[0]) {
                        signal(runtime, pid, SIGKILL); // the client was killed: its program ends with it
                    }
                }
            }
        });
        int terminals = (process[2] == 1 ? 1 : 0) | (process[3] == 1 ? 2 : 0) | (process[4] == 1 ? 4 : 0);
        Invocation invocation = new Invocation(args, env, cwd, stdin, stdout, stderr, terminals,
                signalsOf(process[5]));
        out.write(Frames.BEGUN, new byte[0]);
        int exit;
        try {
            exit = Launcher.execute(invocation, server.executable(), launch -> {
                int status = runtime.runAs(launch, pid, parentPid);
                return WaitStatus.isSignaled(status) ? -WaitStatus.termSignal(status) : WaitStatus.exitCode(status);
            });
        } catch (RuntimeException e) {
            stderr.write(("graalpy-mp: internal error: " + e + "\n").getBytes(StandardCharsets.UTF_8));
            exit = 1;
        } finally {
            synchronized (state) {
                running[0] = false;
            }
        }
        out.writeInt(Frames.EXIT, exit);
        channel.shutdownOutput();
        reader.interrupt();
    }
}
