package dev.tandem.source.offsets;

import dev.tandem.client.TopicReader;
import dev.tandem.client.records.ReplicationPosition;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a starting task resumes each partition: after the newer of Connect's committed source offset and the
 * position Tandem last wrote to the positions topic. Connect commits source offsets only at its offset flush (every
 * 60 s on a stock worker), Tandem writes positions about once a second, so a task on a killed worker copies again
 * about a second of records instead of a minute.
 *
 * <p>A position is trusted only when nothing contradicts it:
 * <ul>
 *   <li>it was written after a copy was acknowledged (a position with no copy, which the connector also writes when
 *       Connect's offsets are changed or reset through its REST API, leaves the decision to Connect's offset);</li>
 *   <li>the remote partition still holds at least as many records as the position says were copied into it, so a
 *       remote topic deleted and created again is never skipped over.</li>
 * </ul>
 * When the positions or the remote ends cannot be read, Connect's offsets alone decide: more copied again, nothing
 * lost.
 */
public final class PositionResume {

    private static final Logger log = LoggerFactory.getLogger(PositionResume.class);

    private PositionResume() {}

    /**
     * Where each partition resumes ({@code offsets}), and the trusted positions it resumes at ({@code positions}):
     * a task that knows where its copy stands on the target keeps writing complete positions, instead of positions
     * with no copy that would hide this one from the next start. {@code latest}: every position read, trusted or
     * not, for what they say of the source topic (its id).
     */
    public record Resumed(
            Map<TopicPartition, Long> offsets,
            Map<TopicPartition, ReplicationPosition> positions,
            Map<TopicPartition, ReplicationPosition> latest) {
        static Resumed fromConnect(Map<TopicPartition, Long> committed, Map<TopicPartition, ReplicationPosition> read) {
            return new Resumed(committed, Map.of(), read);
        }
    }

    /**
     * The next offset to copy, by partition: {@code committed} (from Connect) raised to a trusted position where one
     * is ahead. {@code remoteTopicOf} names a source topic's remote topic.
     */
    public static Resumed resumeAt(
            Map<TopicPartition, Long> committed,
            Collection<TopicPartition> partitions,
            String positionsTopic,
            Map<String, Object> targetConsumerConfig,
            Supplier<Admin> targetAdmin,
            Function<String, String> remoteTopicOf,
            Duration timeout) {
        Map<TopicPartition, ReplicationPosition> positions;
        try {
            positions = latest(positionsTopic, new HashSet<>(partitions), targetConsumerConfig, timeout);
        } catch (RuntimeException e) {
            log.warn(
                    "Cannot read the positions in {} ({}); resuming from Connect's committed offsets, which may copy"
                            + " again what was copied since Connect's last offset flush",
                    positionsTopic,
                    e.toString());
            return Resumed.fromConnect(committed, Map.of());
        }
        // Positions at or ahead of Connect's offset; one level with it decides nothing but tells where the copy is.
        Map<TopicPartition, ReplicationPosition> ahead = new HashMap<>();
        positions.forEach((tp, position) -> {
            Long fromConnect = committed.get(tp);
            if (position.downstreamNext() >= 0 && (fromConnect == null || position.upstreamNext() >= fromConnect)) {
                ahead.put(tp, position);
            }
        });
        if (ahead.isEmpty()) {
            return Resumed.fromConnect(committed, positions);
        }
        Map<TopicPartition, Long> remoteEnds;
        try {
            remoteEnds = remoteEnds(ahead.keySet(), targetAdmin, remoteTopicOf, timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn(
                    "Cannot read the end offsets of the remote partitions {} ({}); resuming from Connect's committed"
                            + " offsets, which may copy again what was copied since Connect's last offset flush",
                    ahead.keySet(),
                    e.toString());
            return Resumed.fromConnect(committed, positions);
        }
        Map<TopicPartition, Long> resume = new HashMap<>(committed);
        Map<TopicPartition, ReplicationPosition> trusted = new HashMap<>();
        long gained = 0;
        int raised = 0;
        for (Map.Entry<TopicPartition, ReplicationPosition> e : ahead.entrySet()) {
            TopicPartition tp = e.getKey();
            ReplicationPosition position = e.getValue();
            long remoteEnd = remoteEnds.getOrDefault(tp, -1L);
            if (remoteEnd < position.downstreamNext()) {
                log.warn(
                        "Not resuming {} from its position (source offset {}): the remote partition ends at {}, below the"
                                + " {} the position says it held, so it was replaced; Connect's committed offset decides",
                        tp,
                        position.upstreamNext(),
                        remoteEnd,
                        position.downstreamNext());
                continue;
            }
            Long fromConnect = committed.get(tp);
            trusted.put(tp, position);
            resume.put(tp, position.upstreamNext());
            if (fromConnect == null || position.upstreamNext() > fromConnect) {
                gained += fromConnect == null ? 0 : position.upstreamNext() - fromConnect;
                raised++;
            }
        }
        if (raised == 0) {
            return new Resumed(resume, trusted, positions);
        }
        log.info(
                "Resuming {} of {} partitions from the positions in {}, ahead of Connect's committed offsets ({} records"
                        + " not copied again where Connect had an offset)",
                raised,
                partitions.size(),
                positionsTopic,
                gained);
        return new Resumed(resume, trusted, positions);
    }

    /** The source partitions the positions topic holds a position of. */
    public static Set<TopicPartition> positioned(
            String positionsTopic, Map<String, Object> targetConsumerConfig, Duration timeout) {
        return latest(positionsTopic, null, targetConsumerConfig, timeout).keySet();
    }

    /** The newest position of each of {@code wanted} (null: all) in the positions topic; a tombstone clears it. */
    static Map<TopicPartition, ReplicationPosition> latest(
            String topic, Set<TopicPartition> wanted, Map<String, Object> consumerConfig, Duration timeout) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-positions-reader");
        Map<TopicPartition, ReplicationPosition> latest = new HashMap<>();
        TopicReader.readAll(config, topic, timeout, record -> {
            if (record.value() == null) {
                latest.remove(ReplicationPosition.decodeKey(record.key()));
                return;
            }
            ReplicationPosition position = ReplicationPosition.decode(record.key(), record.value());
            if (wanted == null || wanted.contains(position.topicPartition())) {
                latest.put(position.topicPartition(), position);
            }
        });
        return latest;
    }

    /** The end offset of each source partition's remote partition on the target. */
    static Map<TopicPartition, Long> remoteEnds(
            Set<TopicPartition> sourcePartitions,
            Supplier<Admin> newAdmin,
            Function<String, String> remoteTopicOf,
            Duration timeout)
            throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        Map<TopicPartition, TopicPartition> sourceOf = new HashMap<>();
        for (TopicPartition tp : sourcePartitions) {
            TopicPartition remote = new TopicPartition(remoteTopicOf.apply(tp.topic()), tp.partition());
            latest.put(remote, OffsetSpec.latest());
            sourceOf.put(remote, tp);
        }
        Admin admin = newAdmin.get();
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> bySource = new HashMap<>();
            ends.forEach((remote, info) -> bySource.put(sourceOf.get(remote), info.offset()));
            return bySource;
        } finally {
            Utils.closeQuietly(() -> admin.close(timeout), "positions admin client");
        }
    }
}
