package dev.tandem.source.offsets;

import dev.tandem.client.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source offsets another connector committed for this flow in a Connect offsets topic: MirrorMaker 2's, when
 * Tandem takes over from it. Connect stores each as a record keyed {@code ["<connector>", {"cluster": .., "partition":
 * .., "topic": ..}]} with the value {@code {"offset": <last copied>}} (JSON without schemas); the newest record of a
 * key wins and a tombstone (an offsets reset) clears it.
 */
public final class TakeoverOffsets {

    private static final Logger log = LoggerFactory.getLogger(TakeoverOffsets.class);

    private final String source;
    private final String connector;
    private final Map<TopicPartition, Long> next;

    private TakeoverOffsets(String source, String connector, Map<TopicPartition, Long> next) {
        this.source = source;
        this.connector = connector;
        this.next = next;
    }

    public static TakeoverOffsets none() {
        return new TakeoverOffsets("(none)", "(none)", Map.of());
    }

    /**
     * Reads {@code topic} to its end and keeps the offsets of {@code connector} for partitions of {@code sourceAlias}.
     * A missing topic yields none.
     */
    public static TakeoverOffsets read(
            String topic,
            String connector,
            String sourceAlias,
            Map<String, Object> targetConsumerConfig,
            Duration timeout) {
        Map<String, Object> config = new HashMap<>(targetConsumerConfig);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-takeover-offsets-reader");
        JsonConverter json = new JsonConverter();
        json.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, false), false);
        Map<TopicPartition, Long> next = new HashMap<>();
        TopicReader.readAll(config, topic, timeout, record -> {
            TopicPartition tp = partitionOf(json.toConnectData(topic, record.key()), connector, sourceAlias);
            if (tp == null) {
                return;
            }
            Long last = record.value() == null ? null : lastOffset(json.toConnectData(topic, record.value()));
            if (last == null) {
                next.remove(tp);
            } else {
                next.put(tp, last + 1);
            }
        });
        return new TakeoverOffsets(topic, connector, next);
    }

    /**
     * {@code resume} (the next offset to copy by partition, from Tandem's own offsets and positions) raised for each of
     * {@code partitions} to the other connector's where that is ahead, as long as the remote partition holds records:
     * an empty one was created again since, and is copied into from Tandem's own offsets (or the start).
     */
    public Map<TopicPartition, Long> raise(
            Map<TopicPartition, Long> resume,
            Collection<TopicPartition> partitions,
            Supplier<Admin> targetAdmin,
            Function<String, String> remoteTopicOf,
            Duration timeout) {
        Set<TopicPartition> ahead = new HashSet<>();
        for (TopicPartition tp : partitions) {
            Long theirs = next.get(tp);
            Long ours = resume.get(tp);
            if (theirs != null && (ours == null || theirs > ours)) {
                ahead.add(tp);
            }
        }
        if (ahead.isEmpty()) {
            return resume;
        }
        Map<TopicPartition, Long> remoteEnds;
        try {
            remoteEnds = PositionResume.remoteEnds(ahead, targetAdmin, remoteTopicOf, timeout);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ConnectException(
                    "Cannot read the end offsets of the remote partitions of " + ahead.size()
                            + " partitions to take over from the offsets in " + source + " (" + e
                            + "); the task will be"
                            + " retried",
                    e);
        }
        Map<TopicPartition, Long> raised = new HashMap<>(resume);
        List<TopicPartition> taken = new ArrayList<>();
        List<TopicPartition> emptyRemote = new ArrayList<>();
        long spared = 0;
        for (TopicPartition tp : ahead) {
            if (remoteEnds.getOrDefault(tp, 0L) <= 0) {
                emptyRemote.add(tp);
                continue;
            }
            Long ours = resume.get(tp);
            spared += ours == null ? next.get(tp) : next.get(tp) - ours;
            raised.put(tp, next.get(tp));
            taken.add(tp);
        }
        if (!taken.isEmpty()) {
            log.info(
                    "Took over {} partitions from the offsets {} committed in {}: each resumes after the offset it"
                            + " copied last ({} records not copied again){}",
                    taken.size(),
                    connector,
                    source,
                    spared,
                    taken.size() <= 20 ? ": " + taken : "");
        }
        if (!emptyRemote.isEmpty()) {
            log.warn(
                    "Not taking over {} from the offsets {} committed in {}: their remote partitions hold no"
                            + " record, so they were created again since; they are copied from Tandem's own offsets"
                            + " (or the start)",
                    emptyRemote,
                    connector,
                    source);
        }
        return raised;
    }

    /** The next offset to copy of {@code tp} after what the other connector committed, or null. */
    public Long next(TopicPartition tp) {
        return next.get(tp);
    }

    /** The next offset to copy by partition, after what the other connector committed. */
    public Map<TopicPartition, Long> asMap() {
        return Collections.unmodifiableMap(next);
    }

    public boolean isEmpty() {
        return next.isEmpty();
    }

    public int size() {
        return next.size();
    }

    /** The source partition a key names, when it is {@code connector}'s and of {@code sourceAlias}; else null. */
    static TopicPartition partitionOf(SchemaAndValue key, String connector, String sourceAlias) {
        if (!(key.value() instanceof List<?> parts) || parts.size() != 2 || !connector.equals(parts.get(0))) {
            return null;
        }
        if (!(parts.get(1) instanceof Map<?, ?> partition)
                || !sourceAlias.equals(partition.get("cluster"))
                || !(partition.get("topic") instanceof String topic)
                || !(partition.get("partition") instanceof Number number)) {
            return null;
        }
        return new TopicPartition(topic, number.intValue());
    }

    private static Long lastOffset(SchemaAndValue value) {
        if (value.value() instanceof Map<?, ?> offset && offset.get("offset") instanceof Number last) {
            return last.longValue();
        }
        return null;
    }
}
