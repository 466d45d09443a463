package dev.tandem.testkit.kafka;

import dev.tandem.testkit.net.FaultProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft cluster (combined broker and controller) running in this JVM, every listener bound to
 * 127.0.0.1 on ports chosen once, so the broker can be stopped and started again at the same address with its
 * data. Started from Kafka's own broker jars: formatting with {@link Formatter}, serving with {@link KafkaRaftServer}.
 */
public final class EmbeddedKafkaCluster implements KafkaCluster {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);

    private final String name;
    private final Path dataDir;
    private final int brokerPort;
    private final BrokerLayout layout;
    private final KafkaConfig config;
    private final SaslSslSecurity security; // null: PLAINTEXT
    private final FaultProxy proxy; // null: clients reach the broker directly
    private KafkaRaftServer server;

    private EmbeddedKafkaCluster(
            String name,
            BrokerLayout layout,
            Map<String, String> overrides,
            SaslSslSecurity security,
            boolean runProxy) {
        this.security = security;
        this.name = name;
        this.dataDir = layout.dataDir();
        this.layout = layout;
        this.brokerPort = layout.brokerPort();
        Properties props = new Properties();
        props.putAll(
                defaults(brokerPort, layout.controllerPort(), layout.logDir().toString()));
        if (security != null) {
            props.putAll(security.brokerSettings(brokerPort, layout.controllerPort()));
        }
        if (layout.behindProxy()) {
            // A second listener whose advertised address is the proxy's: a client that bootstraps through the proxy
            // is told to keep using it, while test clients and the broker itself use the direct listener.
            props.put("listeners", props.get("listeners") + ",PROXIED://127.0.0.1:" + layout.proxiedPort());
            props.put(
                    "advertised.listeners",
                    props.get("advertised.listeners") + ",PROXIED://127.0.0.1:" + layout.proxyPort());
            props.put(
                    "listener.security.protocol.map",
                    props.get("listener.security.protocol.map") + ",PROXIED:PLAINTEXT");
        }
        this.proxy = runProxy && layout.behindProxy() ? layout.startProxy(name) : null;
        props.putAll(overrides);
        this.config = KafkaConfig.fromProps(props, false);
    }

    /** Formats storage, starts the broker and waits until it answers. */
    public static EmbeddedKafkaCluster start(String name) {
        return start(name, Map.of());
    }

    /** As {@link #start(String)}, with broker settings overridden or added (e.g. an authorizer). */
    public static EmbeddedKafkaCluster start(String name, Map<String, String> brokerOverrides) {
        return start(name, brokerOverrides, null);
    }

    /** A cluster whose only client listener is SASL_SSL with {@code security}'s certificate and SCRAM users. */
    public static EmbeddedKafkaCluster startSaslSsl(String name, SaslSslSecurity security) {
        return start(name, Map.of(), security);
    }

    /**
     * As {@link #start(String, Map)}, with a {@link FaultProxy} in front of a second listener: {@link
     * #replicatorBootstrapServers()} goes through the proxy (for the replicator under test), {@link #bootstrapServers()}
     * does not (for the test's own clients), so a test can cut the replicator off while the cluster stays up.
     */
    public static EmbeddedKafkaCluster startBehindProxy(String name, Map<String, String> brokerOverrides) {
        return start(name, brokerOverrides, null, true);
    }

    private static EmbeddedKafkaCluster start(
            String name, Map<String, String> brokerOverrides, SaslSslSecurity security) {
        return start(name, brokerOverrides, security, false);
    }

    private static EmbeddedKafkaCluster start(
            String name, Map<String, String> brokerOverrides, SaslSslSecurity security, boolean behindProxy) {
        ExitGuard.install();
        EmbeddedKafkaCluster cluster =
                new EmbeddedKafkaCluster(name, BrokerLayout.fresh(name, behindProxy), brokerOverrides, security, true);
        try {
            cluster.format();
            cluster.startBroker();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The broker of {@code layout} in this JVM, without a proxy of its own (the process that owns the layout runs
     * it), formatting its storage only on a first start. For {@link BrokerMain}: the caller stops the broker and
     * leaves the data where it is.
     */
    static EmbeddedKafkaCluster startAt(String name, BrokerLayout layout) {
        EmbeddedKafkaCluster cluster = new EmbeddedKafkaCluster(name, layout, Map.of(), null, false);
        if (!layout.formatted()) {
            cluster.format();
        }
        cluster.startBroker();
        return cluster;
    }

    private static Map<String, String> defaults(int brokerPort, int controllerPort, String logDir) {
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir);
        // One node: every internal topic has one replica, and few partitions keep start-up fast on two cores.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("num.partitions", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Tests must create what they use: a topic appearing by auto-creation would hide a replication bug.
        props.put("auto.create.topics.enable", "false");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        props.put("log.cleaner.backoff.ms", "1000");
        return props;
    }

    private void format() {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            String logDir = config.logDirs().get(0);
            Formatter formatter = new Formatter();
            if (security != null) {
                formatter.setScramArguments(security.scramArguments());
            }
            formatter
                    .setPrintStream(quiet)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir)
                    .setMetadataLogDirectory(logDir)
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format storage of cluster " + name + " in " + dataDir, e);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Bootstrap servers and, on a SASL_SSL cluster, the settings to log in as its admin user. */
    @Override
    public Map<String, Object> clientConfig() {
        Map<String, Object> settings = new HashMap<>();
        settings.put("bootstrap.servers", bootstrapServers());
        if (security != null) {
            settings.putAll(security.clientSettings(SaslSslSecurity.ADMIN));
        }
        return settings;
    }

    @Override
    public String replicatorBootstrapServers() {
        return proxy == null ? bootstrapServers() : proxy.address();
    }

    @Override
    public Optional<FaultProxy> faultProxy() {
        return Optional.ofNullable(proxy);
    }

    @Override
    public Optional<SaslSslSecurity> security() {
        return Optional.ofNullable(security);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void startBroker() {
        if (server != null) {
            return;
        }
        long started = System.nanoTime();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        BrokerReadiness.await(name, clientConfig(), () -> true);
        log.info(
                "Kafka cluster {} is up at {} ({} ms)",
                name,
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public synchronized void stopBroker() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka cluster {} broker stopped", name);
    }

    @Override
    public synchronized void truncatePartitionToNothing(String topic, int partition) {
        stopBroker();
        Path partitionDir = layout.logDir().resolve(topic + "-" + partition);
        try (Stream<Path> files = Files.walk(partitionDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + partitionDir, e);
        }
        log.info("Kafka cluster {}: deleted the data of {}-{}", name, topic, partition);
        startBroker();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        layout.tearDown(name, proxy, this::stopBroker);
    }

    @Override
    public String toString() {
        return "cluster " + name + " at " + bootstrapServers();
    }
}
