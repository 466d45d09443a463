package dev.tandem.testkit.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One client connection through a {@link FaultProxy} and its connection to the upstream server. Each direction has a
 * reader thread, which timestamps what arrives, and a writer thread, which forwards it when the proxy's conditions
 * allow; between them a short queue, so that a black hole or a bandwidth cap pushes back on the sender through TCP
 * as a real network would, and latency delays bytes without capping throughput.
 */
final class ProxiedConnection {

    private static final int CHUNK = 16 * 1024;
    private static final int QUEUED_CHUNKS = 16;
    private static final Chunk END = new Chunk(0, new byte[0]);

    private record Chunk(long readAtNanos, byte[] bytes) {}

    private final Socket client;
    private final Socket server;
    private final ProxyConditions conditions;
    private final Consumer<ProxiedConnection> onClose;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final Thread[] threads;

    ProxiedConnection(
            String proxyName,
            Socket client,
            Socket server,
            ProxyConditions conditions,
            Consumer<ProxiedConnection> onClose) {
        this.client = client;
        this.server = server;
        this.conditions = conditions;
        this.onClose = onClose;
        String prefix = "fault-proxy-" + proxyName + "-" + client.getPort();
        BlockingQueue<Chunk> toServer = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        BlockingQueue<Chunk> toClient = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        this.threads = new Thread[] {
            daemon(prefix + "-read-client", () -> read(client, toServer)),
            daemon(prefix + "-write-server", () -> write(toServer, server, ProxyConditions.Direction.TO_SERVER)),
            daemon(prefix + "-read-server", () -> read(server, toClient)),
            daemon(prefix + "-write-client", () -> write(toClient, client, ProxyConditions.Direction.TO_CLIENT))
        };
    }

    private static Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    void start() {
        for (Thread thread : threads) {
            thread.start();
        }
    }

    private void read(Socket from, BlockingQueue<Chunk> queue) {
        try {
            InputStream in = from.getInputStream();
            byte[] buffer = new byte[CHUNK];
            while (open.get()) {
                int n = in.read(buffer);
                if (n < 0) {
                    queue.put(END);
                    return;
                }
                queue.put(new Chunk(System.nanoTime(), Arrays.copyOf(buffer, n)));
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private void write(BlockingQueue<Chunk> queue, Socket to, ProxyConditions.Direction direction) {
        try {
            OutputStream out = to.getOutputStream();
            while (open.get()) {
                Chunk chunk = queue.take();
                if (chunk == END || !conditions.awaitForwarding(chunk.readAtNanos(), open::get)) {
                    close();
                    return;
                }
                long sendAt = conditions.sendTime(direction, chunk.bytes().length);
                long waitNanos = sendAt - System.nanoTime();
                if (waitNanos > 0) {
                    TimeUnit.NANOSECONDS.sleep(waitNanos);
                }
                out.write(chunk.bytes());
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    /** Closes both sockets and stops the four threads; safe to call more than once, from any thread. */
    void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        FaultProxy.closeQuietly(client);
        FaultProxy.closeQuietly(server);
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
        onClose.accept(this);
    }
}
