package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.common.offsets.BadOffsets;
import dev.tandem.source.records.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Source offsets changed through Connect's offsets REST API (KIP-875: {@code PATCH} or {@code DELETE
 * /connectors/<name>/offsets} on a stopped connector). A starting task resumes from the newer of Connect's offset
 * and the positions topic ({@link PositionResume}), so the change is also written to the positions topic, where it
 * supersedes every older position of the partition: a reset as a tombstone, a new offset as a position with no copy
 * behind it. Either way Connect's offset then decides where the task resumes.
 */
public final class AlteredOffsets {

    private AlteredOffsets() {}

    /**
     * Checks each entry the way MirrorMaker 2 does (a partition names a string topic and a non-negative integer
     * partition; an offset is a non-negative integer or a reset) and returns them by source partition, null for a
     * reset. Throws naming the first entry that is wrong.
     */
    public static Map<TopicPartition, Long> parse(Map<Map<String, ?>, Map<String, ?>> offsets) {
        Map<TopicPartition, Long> parsed = new HashMap<>();
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            Map<String, ?> partition = entry.getKey();
            if (partition == null) {
                throw BadOffsets.refused(
                        "A source partition is null; each must be {\"cluster\": ..., \"topic\": ..., \"partition\": ...}");
            }
            Object topic = partition.get(RecordConverter.TOPIC_KEY);
            Object number = partition.get(RecordConverter.PARTITION_KEY);
            if (!(topic instanceof String name) || name.isBlank()) {
                throw BadOffsets.refused("Source partition " + partition + " has no \"" + RecordConverter.TOPIC_KEY
                        + "\" string; each must name the source topic");
            }
            if (!(number instanceof Integer || number instanceof Long)
                    || ((Number) number).longValue() < 0
                    || ((Number) number).longValue() > Integer.MAX_VALUE) {
                throw BadOffsets.refused("Source partition " + partition + " has \"" + RecordConverter.PARTITION_KEY
                        + "\" " + number + "; it must be a non-negative integer");
            }
            TopicPartition tp = new TopicPartition(name, ((Number) number).intValue());
            Map<String, ?> offset = entry.getValue();
            if (offset == null) {
                parsed.put(tp, null);
                continue;
            }
            Object value = offset.get(RecordConverter.OFFSET_KEY);
            if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 0) {
                throw BadOffsets.refused("The offset of " + partition + " is " + offset + "; it must be {\""
                        + RecordConverter.OFFSET_KEY + "\": N} with N a non-negative integer (the last source offset"
                        + " copied), or null to reset the partition");
            }
            parsed.put(tp, ((Number) value).longValue());
        }
        return parsed;
    }

    /** Writes each change to the positions topic on the target and waits until the target has them all. */
    public static void record(
            Map<TopicPartition, Long> changes,
            String positionsTopic,
            Map<String, Object> targetProducerConfig,
            Duration timeout) {
        Map<String, Object> config = new HashMap<>(targetProducerConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tandem-altered-offsets");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        long now = System.currentTimeMillis();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            changes.forEach((tp, offset) -> {
                ReplicationPosition position =
                        new ReplicationPosition(tp, offset == null ? 0 : offset + 1, -1, -1, now, -1);
                sent.add(producer.send(new ProducerRecord<>(
                        positionsTopic, 0, position.keyBytes(), offset == null ? null : position.valueBytes())));
            });
            for (Future<?> write : sent) {
                write.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new ConnectException(
                    "Could not record the changed offsets in " + positionsTopic + " on the target (" + e
                            + "); nothing was changed. Check that the target is reachable and try again.",
                    e);
        }
    }
}
