package dev.tandem.client;

import dev.tandem.client.policy.DefaultReplicationPolicy;
import dev.tandem.client.policy.ReplicationPolicies;
import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.client.records.Checkpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers questions about one cluster's place in a replication topology, from what Tandem (or MirrorMaker 2) wrote
 * there: which clusters are upstream and how many hops away (from heartbeats topics), which topics are remote, and
 * where a consumer group from another cluster should continue here (from checkpoints). The same answers as Apache
 * Kafka's {@code org.apache.kafka.connect.mirror.MirrorClient}.
 */
public final class MirrorClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MirrorClient.class);

    private final Admin admin;
    private final ReplicationPolicy policy;
    private final Map<String, Object> consumerConfig;

    /**
     * A client for the cluster described by {@code clientConfig} (bootstrap servers, security), naming topics with the
     * {@code replication.policy.class} and separator settings it may also contain.
     */
    public MirrorClient(Map<String, Object> clientConfig) {
        this(Admin.create(clientConfig), policyFrom(clientConfig), clientConfig);
    }

    public MirrorClient(Admin admin, ReplicationPolicy policy, Map<String, Object> consumerConfig) {
        this.admin = admin;
        this.policy = policy;
        this.consumerConfig = new HashMap<>(consumerConfig);
    }

    private static ReplicationPolicy policyFrom(Map<String, Object> config) {
        Object className =
                config.getOrDefault(ReplicationPolicies.CLASS_CONFIG, DefaultReplicationPolicy.class.getName());
        return ReplicationPolicies.create(className.toString(), config);
    }

    public ReplicationPolicy replicationPolicy() {
        return policy;
    }

    /** Heartbeats topics here: {@code heartbeats} and its remote copies. */
    public Set<String> heartbeatTopics() {
        return listTopics().stream().filter(policy::isHeartbeatsTopic).collect(Collectors.toSet());
    }

    public Set<String> checkpointTopics() {
        return listTopics().stream().filter(policy::isCheckpointsTopic).collect(Collectors.toSet());
    }

    /** Every cluster upstream of this one, however many hops away, as its heartbeats show. */
    public Set<String> upstreamClusters() {
        Set<String> upstream = new HashSet<>();
        for (String topic : heartbeatTopics()) {
            upstream.addAll(sources(topic));
        }
        return upstream;
    }

    /** The fewest hops from {@code upstreamClusterAlias} to this cluster (A->B->C: 2 from A to C), or -1 if none. */
    public int replicationHops(String upstreamClusterAlias) {
        return heartbeatTopics().stream()
                .mapToInt(topic -> hops(topic, upstreamClusterAlias))
                .filter(hops -> hops > 0)
                .min()
                .orElse(-1);
    }

    /** Topics here that were replicated from elsewhere (not internal ones). */
    public Set<String> remoteTopics() {
        return listTopics().stream().filter(this::isRemote).collect(Collectors.toSet());
    }

    /** Topics here replicated directly from {@code sourceAlias}. */
    public Set<String> remoteTopics(String sourceAlias) {
        return listTopics().stream()
                .filter(this::isRemote)
                .filter(topic -> sourceAlias.equals(policy.topicSource(topic)))
                .collect(Collectors.toSet());
    }

    /**
     * Where consumer group {@code group} of cluster {@code remoteClusterAlias} continues on this cluster: the latest
     * checkpoint of each partition in {@code <remoteClusterAlias>.checkpoints.internal}, topics named as here.
     */
    public Map<TopicPartition, OffsetAndMetadata> remoteConsumerOffsets(
            String group, String remoteClusterAlias, Duration timeout) {
        String topic = policy.checkpointsTopic(remoteClusterAlias);
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long end = consumer.endOffsets(partitions, timeout).get(partitions.get(0));
            while (consumer.position(partitions.get(0)) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        Checkpoint checkpoint = Checkpoint.decode(record.key(), record.value());
                        if (checkpoint.consumerGroupId().equals(group)) {
                            offsets.put(
                                    checkpoint.topicPartition(),
                                    new OffsetAndMetadata(checkpoint.downstreamOffset(), checkpoint.metadata()));
                        }
                    } catch (IllegalArgumentException e) {
                        log.info(
                                "Skipping unreadable checkpoint at offset {} of {}: {}",
                                record.offset(),
                                topic,
                                e.getMessage());
                    }
                }
            }
        }
        return offsets;
    }

    private boolean isRemote(String topic) {
        return !policy.isInternalTopic(topic) && policy.topicSource(topic) != null;
    }

    /** The aliases along a topic's chain of sources, stopping at a repeat (identity naming can cycle). */
    private Set<String> sources(String topic) {
        Set<String> sources = new HashSet<>();
        String current = topic;
        String source = policy.topicSource(current);
        while (source != null && sources.add(source)) {
            current = policy.upstreamTopic(current);
            source = current == null ? null : policy.topicSource(current);
        }
        return sources;
    }

    private int hops(String topic, String alias) {
        Set<String> seen = new HashSet<>();
        String current = topic;
        for (int hops = 1; current != null; hops++) {
            String source = policy.topicSource(current);
            if (source == null || !seen.add(source)) {
                return -1;
            }
            if (source.equals(alias)) {
                return hops;
            }
            current = policy.upstreamTopic(current);
        }
        return -1;
    }

    private Set<String> listTopics() {
        try {
            return admin.listTopics().names().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Cannot list topics: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
