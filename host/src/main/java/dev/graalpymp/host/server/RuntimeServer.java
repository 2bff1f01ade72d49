package dev.graalpymp.host.server;

import dev.graalpymp.host.Launch;
import dev.graalpymp.host.PythonRuntime;
import dev.graalpymp.host.cli.Launcher;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * The runtime server behind {@code bin/graalpy-mp}: one long-lived JVM with one GraalPy engine (so compiled
 * code and parsed sources stay warm across runs) that runs each client's program in fresh contexts of its own,
 * as that client's process. The way Gradle's daemon hides JVM start-up; unlike Nailgun or JRuby's old daemon
 * mode, nothing of one run reaches the next but the engine's code caches.
 *
 * <p>Security: the socket lives in a directory only its user can enter (checked at start; the launcher makes
 * it mode 0700), and every connection's peer must be that user (SO_PEERCRED). Lifecycle: the server ends after
 * {@code GRAALPY_MP_SERVER_IDLE} seconds without a run (default 1800), on {@code --server stop}, or when its
 * socket file is removed or replaced. Its own log (start-up failures) is its stdout/stderr, which the launcher
 * sends to a file beside the socket.
 */
public final class RuntimeServer {

    private static final Duration DEFAULT_IDLE = Duration.ofMinutes(30);

    private final Path socket;
    private final PythonRuntime runtime;
    private final String executable;
    private final Duration idleTimeout;
    private final Instant started = Instant.now();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile long lastActivity = System.nanoTime();
    private volatile ServerSocketChannel listener;
    private volatile boolean retiring;
    private volatile Object socketKey; // the inode of our socket file: another server's is never removed

    RuntimeServer(Path socket, PythonRuntime runtime, String executable, Duration idleTimeout) {
        this.socket = socket;
        this.runtime = runtime;
        this.executable = executable;
        this.idleTimeout = idleTimeout;
    }

    /** {@code RuntimeServer SOCKET}: serves until idle, stopped, or its socket is gone. */
    public static void main(String[] args) throws IOException {
        PrintStream log = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        if (args.length != 1) {
            log.println("usage: RuntimeServer SOCKET");
            System.exit(2);
        }
        Path socket = Path.of(args[0]).toAbsolutePath();
        String problem = checkPrivateDirectory(socket.getParent());
        if (problem != null) {
            log.println("graalpy-mp server: " + problem);
            System.exit(1);
        }
        String executable = System.getProperty("graalpy.mp.launcher", "graalpy-mp");
        PythonRuntime runtime = PythonRuntime.builder()
                .engineLog(Launcher.engineLog())
                .executable(executable)
                .allowCreateProcess(true)
                .allowNativeAccess(true)
                // A main program and its first two os.fork() children, and a Pool of os.cpu_count() workers, find
                // their contexts booted.
                .warmPoolSize(poolSize("GRAALPY_MP_POOL", 3))
                .warmChildPoolSize(poolSize("GRAALPY_MP_CHILD_POOL", Runtime.getRuntime().availableProcessors()))
                .build();
        RuntimeServer server = new RuntimeServer(socket, runtime, executable, idleTimeout());
        server.serve();
    }

    /**
     * Null if {@code dir} is a real directory (not a link) owned by this process's user with no access for
     * anyone else; otherwise what is wrong with it.
     */
    static String checkPrivateDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return dir + " is not a directory";
        }
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(System.getProperty("user.name"))) {
            return dir + " belongs to " + owner + ", not to " + System.getProperty("user.name");
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (!permissions.equals(PosixFilePermissions.fromString("rwx------"))) {
            return dir + " must have mode 0700, has " + PosixFilePermissions.toString(permissions);
        }
        return null;
    }

    void serve() throws IOException {
        Files.deleteIfExists(socket); // stale: the launcher starts a server only while holding the server's lock
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        socketKey = Files.readAttributes(socket, "unix:ino").get("ino");
        Thread.ofPlatform().daemon().name("graalpy-mp-server-watch").start(this::watch);
        Thread.ofPlatform().daemon().name("graalpy-mp-server-warmup").start(this::warmUp);
        String owner = Files.getOwner(socket.getParent(), LinkOption.NOFOLLOW_LINKS).getName();
        while (true) {
            SocketChannel channel;
            try {
                channel = listener.accept();
            } catch (IOException closed) {
                return;
            }
            lastActivity = System.nanoTime();
            Thread.ofPlatform().name("graalpy-mp-run-" + served.incrementAndGet()).start(() -> handle(channel, owner));
        }
    }

    private void handle(SocketChannel channel, String owner) {
        active.incrementAndGet();
        try (channel) {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().getName().equals(owner)) {
                return; // another user: refused without a word
            }
            new ServedRun(this, channel).serve();
        } catch (IOException | RuntimeException e) {
            // the client went away mid-request, or spoke another protocol: nothing to answer
        } finally {
            lastActivity = System.nanoTime();
            active.decrementAndGet();
        }
    }

    /**
     * Boots contexts for programs started the way the first client was (its environment is this JVM's), with
     * and without {@code -u} (an option of the context; test runners and PYTHONUNBUFFERED use it a lot), so that
     * a run and its first children do not wait for a context.
     */
    private void warmUp() {
        java.util.Map<String, String> environment = Launcher.programEnvironment();
        Launch first = Launch.code("").withEnvironment(environment);
        runtime.prewarm(first);
        if (first.effectiveFlags().unbuffered()) {
            java.util.Map<String, String> buffered = new java.util.HashMap<>(environment);
            buffered.remove("PYTHONUNBUFFERED");
            runtime.prewarm(first.withEnvironment(buffered));
        } else {
            runtime.prewarm(first.withUnbuffered(true));
        }
    }

    /** Ends the server when idle too long or when its socket file has been removed or replaced. */
    private void watch() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            boolean idle = active.get() == 0
                    && (retiring || System.nanoTime() - lastActivity > idleTimeout.toNanos());
            if (idle || (!retiring && !ownsSocket())) {
                stop();
            }
        }
    }

    private boolean ownsSocket() {
        try {
            return socketKey.equals(Files.readAttributes(socket, "unix:ino").get("ino"));
        } catch (IOException gone) {
            return false;
        }
    }

    PythonRuntime runtime() {
        return runtime;
    }

    String executable() {
        return executable;
    }

    String describe() {
        return "graalpy-mp runtime server: pid " + ProcessHandle.current().pid() + ", socket " + socket
                + ", up " + Duration.between(started, Instant.now()).toSeconds() + " s, " + served.get()
                + " connections, " + Math.max(0, active.get() - 1) + " programs running, idle timeout "
                + idleTimeout.toSeconds() + " s, Java " + Runtime.version();
    }

    /** Takes no more clients (the socket goes) and ends once the programs running here have ended. */
    void retire() {
        retiring = true;
        try {
            listener.close();
            if (ownsSocket()) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException ignored) {
            // the socket is gone already
        }
    }

    /** Stops at once: running programs end with the JVM (their clients see the connection drop). */
    void stop() {
        try {
            ServerSocketChannel l = listener;
            if (l != null) {
                l.close();
            }
            if (ownsSocket()) {
                Files.deleteIfExists(socket);
            }
        } catch (IOException ignored) {
            // the socket is gone already
        }
        // The engine is closed (its tools, such as Truffle's CPU sampler, write their output then), for at
        // most two seconds: a program still running must not keep the server alive.
        Thread closing = Thread.ofPlatform().daemon().start(runtime::close);
        try {
            closing.join(2000);
        } catch (InterruptedException ignored) {
            // stopping anyway
        }
        Runtime.getRuntime().halt(0);
    }

    private static int poolSize(String variable, int otherwise) {
        String value = System.getenv(variable);
        return value == null || value.isEmpty() ? otherwise : Integer.parseInt(value);
    }

    private static Duration idleTimeout() {
        String value = System.getenv("GRAALPY_MP_SERVER_IDLE");
        return value == null || value.isEmpty() ? DEFAULT_IDLE : Duration.ofSeconds(Long.parseLong(value));
    }
}
