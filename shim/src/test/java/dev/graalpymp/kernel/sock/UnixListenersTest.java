package dev.graalpymp.kernel.sock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.graalpymp.kernel.Errno;
import dev.graalpymp.kernel.KernelException;
import dev.graalpymp.kernel.ProcessCancelledException;
import dev.graalpymp.kernel.fd.Descriptions;
import dev.graalpymp.kernel.fd.FdTable;
import dev.graalpymp.kernel.pipe.SocketPairEnd;
import dev.graalpymp.kernel.proc.ProcessTable;
import dev.graalpymp.kernel.proc.VirtualProcess;
import dev.graalpymp.kernel.wait.Cancellation;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UnixListenersTest {
    private final ProcessTable processes = new ProcessTable(100, 1, 5000, FdTable.DEFAULT_LIMIT);
    private final VirtualProcess server = processes.fork(processes.main());
    private final UnixListeners listeners = new UnixListeners();
    private final Cancellation live = new Cancellation();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void connectionsAreSocketPairsAcceptedInOrder() {
        long handle = listeners.listen("/tmp/l1", server);
        SocketPairEnd first = listeners.connect("/tmp/l1");
        SocketPairEnd second = listeners.connect("/tmp/l1");
        SocketPairEnd acceptedFirst = listeners.accept(handle, live);
        SocketPairEnd acceptedSecond = listeners.accept(handle, live);
        Descriptions.write(first, bytes("one"), live);
        Descriptions.write(second, bytes("two"), live);
        assertArrayEquals(bytes("one"), Descriptions.read(acceptedFirst, 10, live));
        assertArrayEquals(bytes("two"), Descriptions.read(acceptedSecond, 10, live));
        Descriptions.write(acceptedFirst, bytes("back"), live);
        assertArrayEquals(bytes("back"), Descriptions.read(first, 10, live));
    }

    @Test
    void acceptWaitsForAConnection() throws Exception {
        long handle = listeners.listen("/tmp/l2", server);
        CompletableFuture<SocketPairEnd> accepted = CompletableFuture.supplyAsync(() -> listeners.accept(handle, live));
        Thread.sleep(50);
        SocketPairEnd client = listeners.connect("/tmp/l2");
        Descriptions.write(client, bytes("hi"), live);
        assertArrayEquals(bytes("hi"), Descriptions.read(accepted.get(5, TimeUnit.SECONDS), 10, live));
    }

    @Test
    void addressErrorsAreLinuxs() {
        assertEquals(Errno.ECONNREFUSED,
                assertThrows(KernelException.class, () -> listeners.connect("/tmp/nobody")).errno());
        long handle = listeners.listen("/tmp/l3", server);
        assertEquals(Errno.EADDRINUSE,
                assertThrows(KernelException.class, () -> listeners.listen("/tmp/l3", server)).errno());
        listeners.close(handle);
        assertEquals(Errno.ECONNREFUSED,
                assertThrows(KernelException.class, () -> listeners.connect("/tmp/l3")).errno());
        assertEquals(Errno.EBADF, assertThrows(KernelException.class, () -> listeners.accept(handle, live)).errno());
        listeners.listen("/tmp/l3", server); // free again
    }

    @Test
    void closingGivesPendingClientsEofAndWakesAccept() throws Exception {
        long handle = listeners.listen("/tmp/l4", server);
        SocketPairEnd client = listeners.connect("/tmp/l4");
        listeners.close(handle);
        assertEquals(0, Descriptions.read(client, 10, live).length);
        long again = listeners.listen("/tmp/l5", server);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                listeners.accept(again, live);
                return 0;
            } catch (KernelException e) {
                return e.errno();
            }
        });
        Thread.sleep(50);
        listeners.close(again);
        assertEquals(Errno.EBADF, waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aListenerWhoseProcessEndedRefusesAndAcceptIsCancellable() {
        listeners.listen("/tmp/l6", server);
        processes.kill(server.pid(), 9);
        assertEquals(Errno.ECONNREFUSED,
                assertThrows(KernelException.class, () -> listeners.connect("/tmp/l6")).errno());
        VirtualProcess other = processes.fork(processes.main());
        long handle = listeners.listen("/tmp/l6", other); // the dead one's address is free
        Cancellation cancelled = new Cancellation();
        cancelled.cancel("killed");
        assertThrows(ProcessCancelledException.class, () -> listeners.accept(handle, cancelled));
    }
}
