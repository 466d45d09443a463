package dev.tandem.testkit.kafka;

import dev.tandem.testkit.net.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.utils.Utils;

/**
 * Where a single-node cluster lives: its data directory and its ports, chosen once so that its broker can be started
 * again at the same address with its data, in this JVM or in another process ({@link BrokerMain}).
 *
 * @param proxiedPort the port of a second client listener meant to sit behind a fault proxy; 0 when there is none
 * @param proxyPort the proxy's port, which that listener advertises; 0 when there is none
 */
public record BrokerLayout(Path dataDir, int brokerPort, int controllerPort, int proxiedPort, int proxyPort) {

    /** A new temporary data directory and free ports; with a proxied listener when {@code behindProxy}. */
    public static BrokerLayout fresh(String name, boolean behindProxy) {
        try {
            Path dir = Files.createTempDirectory("tandem-kafka-" + name + "-");
            return new BrokerLayout(
                    dir,
                    FreePorts.next(),
                    FreePorts.next(),
                    behindProxy ? FreePorts.next() : 0,
                    behindProxy ? FreePorts.next() : 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean behindProxy() {
        return proxiedPort != 0;
    }

    /** A fault proxy on {@link #proxyPort()} in front of the proxied listener. */
    public FaultProxy startProxy(String name) {
        if (!behindProxy()) {
            throw new IllegalStateException("cluster " + name + " has no proxied listener");
        }
        return FaultProxy.start(name, proxyPort, new InetSocketAddress("127.0.0.1", proxiedPort));
    }

    /** Closes the cluster's proxy (if any), stops its broker, then deletes its data, whatever failed before. */
    void tearDown(String name, FaultProxy proxy, Runnable stopBroker) {
        try {
            if (proxy != null) {
                proxy.close();
            }
            stopBroker.run();
        } finally {
            Utils.closeQuietly(() -> Utils.delete(dataDir.toFile()), "data of cluster " + name);
        }
    }

    /** The broker's log directory (also its metadata log). */
    public Path logDir() {
        return dataDir.resolve("log");
    }

    /** Whether the storage was formatted already (a restart rather than a first start). */
    boolean formatted() {
        return Files.exists(logDir().resolve("meta.properties"));
    }

    /** The command-line form {@link #fromArgs(List)} reads. */
    List<String> toArgs() {
        return List.of(
                dataDir.toString(),
                Integer.toString(brokerPort),
                Integer.toString(controllerPort),
                Integer.toString(proxiedPort),
                Integer.toString(proxyPort));
    }

    static BrokerLayout fromArgs(List<String> args) {
        if (args.size() != 5) {
            throw new IllegalArgumentException(
                    "expected: dataDir brokerPort controllerPort proxiedPort proxyPort, got " + args);
        }
        return new BrokerLayout(
                Path.of(args.get(0)),
                Integer.parseInt(args.get(1)),
                Integer.parseInt(args.get(2)),
                Integer.parseInt(args.get(3)),
                Integer.parseInt(args.get(4)));
    }
}
