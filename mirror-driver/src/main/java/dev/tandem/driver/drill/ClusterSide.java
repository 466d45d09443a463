package dev.tandem.driver.drill;

import dev.tandem.common.config.ForwardingAdmins;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * One cluster as the drill sees it: its alias, client settings, an admin client, and whether it answered. A
 * cluster that does not answer within the drill's timeout is "unreachable", and the drill works without it.
 */
final class ClusterSide implements AutoCloseable {

    private final String alias;
    private final Map<String, Object> clientConfig;
    private final Duration timeout;
    private final Admin admin;
    private final String unreachable;

    private ClusterSide(
            String alias,
            String forwardingAdmin,
            Map<String, Object> adminSettings,
            Map<String, Object> clientConfig,
            Duration timeout) {
        this.alias = alias;
        this.clientConfig = clientConfig;
        this.timeout = timeout;
        Map<String, Object> adminConfig = new HashMap<>(adminSettings);
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        adminConfig.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 30_000));
        this.admin = ForwardingAdmins.create(forwardingAdmin, adminConfig);
        this.unreachable = probe();
    }

    /**
     * {@code adminConfig} for the admin client (built through {@code forwardingAdmin}, the flow's {@code
     * forwarding.admin.class}), {@code consumerConfig} for the drill's consumers.
     */
    static ClusterSide connect(
            String alias,
            String forwardingAdmin,
            Map<String, Object> adminConfig,
            Map<String, Object> consumerConfig,
            Duration timeout) {
        return new ClusterSide(alias, forwardingAdmin, adminConfig, consumerConfig, timeout);
    }

    private String probe() {
        try {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            return "no answer from " + clientConfig.get("bootstrap.servers") + " within " + timeout.toSeconds() + " s";
        }
    }

    String alias() {
        return alias;
    }

    Map<String, Object> clientConfig() {
        return clientConfig;
    }

    Admin admin() {
        return admin;
    }

    Duration timeout() {
        return timeout;
    }

    boolean reachable() {
        return unreachable == null;
    }

    /** Why the cluster is unreachable, or empty. */
    Optional<String> unreachableReason() {
        return Optional.ofNullable(unreachable);
    }

    /** Committed-read end offsets (the last stable offset) of {@code partitions}. */
    Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) throws Exception {
        return offsets(partitions, OffsetSpec.latest());
    }

    Map<TopicPartition, Long> beginnings(Collection<TopicPartition> partitions) throws Exception {
        return offsets(partitions, OffsetSpec.earliest());
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        partitions.forEach(tp -> specs.put(tp, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        if (specs.isEmpty()) {
            return offsets;
        }
        admin.listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
