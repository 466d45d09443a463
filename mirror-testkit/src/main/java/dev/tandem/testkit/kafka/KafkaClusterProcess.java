package dev.tandem.testkit.kafka;

import dev.tandem.testkit.net.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node cluster whose broker runs in a child JVM ({@link BrokerMain}) on this JVM's class path, so that a
 * run can kill it with SIGKILL ({@link #killBroker()}) and start it again with its data, like a crashed broker; the
 * fault proxy in front of it (when asked for) lives here and survives the broker. The child's output goes to
 * {@code broker.log} beside its data.
 */
public final class KafkaClusterProcess implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterProcess.class);

    private final String name;
    private final BrokerLayout layout;
    private final FaultProxy proxy;
    private final List<String> jvmOptions;
    private Process process;

    private KafkaClusterProcess(String name, BrokerLayout layout, List<String> jvmOptions) {
        this.name = name;
        this.layout = layout;
        this.jvmOptions = jvmOptions;
        this.proxy = layout.behindProxy() ? layout.startProxy(name) : null;
    }

    /**
     * Starts the cluster's broker in a child JVM and waits until it serves.
     *
     * @param behindProxy whether the replicator reaches it through a {@link FaultProxy}
     * @param jvmOptions options for the child JVM (heap, say)
     */
    public static KafkaClusterProcess start(String name, boolean behindProxy, List<String> jvmOptions) {
        KafkaClusterProcess cluster =
                new KafkaClusterProcess(name, BrokerLayout.fresh(name, behindProxy), List.copyOf(jvmOptions));
        try {
            cluster.startBroker();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + layout.brokerPort();
    }

    @Override
    public String replicatorBootstrapServers() {
        return proxy == null ? bootstrapServers() : proxy.address();
    }

    @Override
    public Optional<FaultProxy> faultProxy() {
        return Optional.ofNullable(proxy);
    }

    public Path dataDir() {
        return layout.dataDir();
    }

    /** The broker process's id while it runs. */
    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException("the broker of cluster " + name + " is not running");
        }
        return process.pid();
    }

    @Override
    public synchronized void startBroker() {
        if (process != null && process.isAlive()) {
            return;
        }
        long started = System.nanoTime();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        String log4j = System.getProperty("log4j2.configurationFile");
        if (log4j != null) {
            command.add("-Dlog4j2.configurationFile=" + log4j);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add(name);
        command.addAll(layout.toArgs());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            layout.dataDir().resolve("broker.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the broker process of cluster " + name, e);
        }
        Process child = process;
        BrokerReadiness.await(name, clientConfig(), child::isAlive);
        log.info(
                "Kafka cluster {} is up at {} in process {} ({} ms)",
                name,
                bootstrapServers(),
                process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Stops the broker cleanly (SIGTERM) and waits for its process to end. */
    @Override
    public synchronized void stopBroker() {
        end(false);
    }

    /** Kills the broker with SIGKILL, as a crash would: no clean shutdown, whatever was not flushed is the log's. */
    public synchronized void killBroker() {
        end(true);
    }

    private void end(boolean kill) {
        if (process == null) {
            return;
        }
        if (kill) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        log.info("Kafka cluster {} broker {}", name, kill ? "killed (SIGKILL)" : "stopped");
        process = null;
    }

    @Override
    public void close() {
        layout.tearDown(name, proxy, this::stopBroker);
    }

    @Override
    public String toString() {
        return "cluster " + name + " at " + bootstrapServers() + " (own process)";
    }
}
