package dev.tandem.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one address, with network faults a test turns on and off while clients stay
 * connected through it: {@link #cut()} (every connection closed, new ones closed at once), {@link #blackHole()}
 * (connections accepted and kept open, nothing forwarded either way, as when packets are dropped), {@link
 * #latency(Duration)} and {@link #bandwidth(long)}. {@link #heal()} ends them all; bytes a black hole held are then
 * delivered, as TCP would after a partition heals, unless a side gave up and closed meanwhile.
 *
 * <p>Written here because Toxiproxy, the usual tool, is a separate server binary that this project's machines do not
 * have (no Docker engine, no package); the proxy needs only the JDK. Threads are daemons; {@link #close()} stops
 * them and closes every socket.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

    /** What the proxy does with traffic. */
    enum Mode {
        PASS,
        CUT,
        BLACK_HOLE
    }

    private final String name;
    private final ServerSocket listener;
    private final InetSocketAddress upstream;
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final ProxyConditions conditions = new ProxyConditions();
    private final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;

    private FaultProxy(String name, ServerSocket listener, InetSocketAddress upstream) {
        this.name = name;
        this.listener = listener;
        this.upstream = upstream;
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + name + "-accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0: any free port) and forwards each connection to {@code upstream}.
     *
     * @param name how the proxy is named in logs and thread names (e.g. the cluster behind it)
     */
    public static FaultProxy start(String name, int port, InetSocketAddress upstream) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            FaultProxy proxy = new FaultProxy(name, listener, upstream);
            proxy.acceptor.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port + " for proxy " + name, e);
        }
    }

    /** host:port clients connect to. */
    public String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Closes every connection through the proxy, and each new one as soon as it is accepted, until {@link #heal()}. */
    public void cut() {
        conditions.mode(Mode.CUT);
        connections.forEach(ProxiedConnection::close);
        log.info("Proxy {}: connections cut", name);
    }

    /** Stops forwarding in both directions without closing anything: requests are never answered. */
    public void blackHole() {
        conditions.mode(Mode.BLACK_HOLE);
        log.info("Proxy {}: black hole", name);
    }

    /** Delays every chunk of bytes by {@code delay} in each direction (zero: none). */
    public void latency(Duration delay) {
        conditions.latency(delay);
    }

    /** Caps what the proxy forwards, per direction over all connections, at {@code bytesPerSecond} (0: no cap). */
    public void bandwidth(long bytesPerSecond) {
        conditions.bandwidth(bytesPerSecond);
    }

    /** Forwards everything again, without delay or cap. */
    public void heal() {
        conditions.heal();
        log.info("Proxy {}: healed", name);
    }

    /** Connections open through the proxy now. */
    public int openConnections() {
        return connections.size();
    }

    /** Connections accepted since the proxy started (cut ones included). */
    public long acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    log.warn("Proxy {}: accept failed", name, e);
                }
                return;
            }
            accepted.incrementAndGet();
            if (conditions.mode() == Mode.CUT) {
                closeQuietly(client);
                continue;
            }
            Socket server = new Socket();
            try {
                server.connect(upstream, 5_000);
            } catch (IOException e) {
                // Upstream down: the client sees its connection closed, as it would with the broker gone.
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            ProxiedConnection connection = new ProxiedConnection(name, client, server, conditions, connections::remove);
            connections.add(connection);
            connection.start();
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        connections.forEach(ProxiedConnection::close);
        conditions.heal();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "proxy " + name + " " + address() + " -> " + upstream;
    }
}
