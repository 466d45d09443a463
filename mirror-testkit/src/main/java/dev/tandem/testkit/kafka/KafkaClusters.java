package dev.tandem.testkit.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.common.utils.Utils;

/**
 * Named clusters for one test: {@code KafkaClusters.start("A", "B")}. Embedded KRaft clusters on 127.0.0.1 by
 * default; with {@code -Dtandem.kafka=container} and a Docker engine, Testcontainers. Started in parallel,
 * closed together.
 */
public final class KafkaClusters implements AutoCloseable {

    public static final String MODE_PROPERTY = "tandem.kafka";

    private final Map<String, KafkaCluster> clusters;

    private KafkaClusters(Map<String, KafkaCluster> clusters) {
        this.clusters = clusters;
    }

    public static KafkaClusters start(String... names) {
        return start(Map.of(), names);
    }

    /** Starts the named clusters with the same broker overrides (ignored for containers). */
    public static KafkaClusters start(Map<String, String> brokerOverrides, String... names) {
        boolean containers = "container".equals(System.getProperty(MODE_PROPERTY, "embedded"));
        return start(
                name -> containers
                        ? new ContainerKafkaCluster(name)
                        : EmbeddedKafkaCluster.start(name, brokerOverrides),
                names);
    }

    /** Embedded clusters, each behind its own {@link dev.tandem.testkit.net.FaultProxy} for the replicator. */
    public static KafkaClusters startBehindProxies(Map<String, String> brokerOverrides, String... names) {
        return start(name -> EmbeddedKafkaCluster.startBehindProxy(name, brokerOverrides), names);
    }

    /**
     * Embedded clusters whose only client listener is SASL_SSL (SCRAM-SHA-512), each with its own certificate and
     * passwords, stores written under {@code dir}, and a SCRAM user for each of {@code users} besides the admin.
     */
    public static KafkaClusters startSaslSsl(Path dir, List<String> users, String... names) {
        String[] extraUsers = users.toArray(String[]::new);
        return start(
                name -> EmbeddedKafkaCluster.startSaslSsl(name, SaslSslSecurity.generate(name, dir, extraUsers)),
                names);
    }

    private static KafkaClusters start(Function<String, KafkaCluster> starter, String... names) {
        List<CompletableFuture<KafkaCluster>> starting = new ArrayList<>();
        for (String name : names) {
            starting.add(CompletableFuture.supplyAsync(() -> starter.apply(name)));
        }
        Map<String, KafkaCluster> started = new LinkedHashMap<>();
        RuntimeException failure = null;
        for (int i = 0; i < names.length; i++) {
            try {
                started.put(names[i], starting.get(i).join());
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            started.values().forEach(c -> Utils.closeQuietly(c, c.name()));
            throw failure;
        }
        return new KafkaClusters(started);
    }

    public KafkaCluster get(String name) {
        KafkaCluster cluster = clusters.get(name);
        if (cluster == null) {
            throw new IllegalArgumentException("No cluster named " + name + "; started: " + clusters.keySet());
        }
        return cluster;
    }

    @Override
    public void close() {
        clusters.values().parallelStream().forEach(c -> Utils.closeQuietly(c, "cluster " + c.name()));
    }
}
