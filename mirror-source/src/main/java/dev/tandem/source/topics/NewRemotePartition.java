package dev.tandem.source.topics;

import dev.tandem.source.MirrorSourceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a remote partition created again holds: the records copied into it since, which are the source records just
 * before the position the copy reached. Finding where they start lets the copy again stop there instead of copying
 * them twice, which matters with exactly-once, where consumers must never see a record twice.
 */
final class NewRemotePartition {

    /** Beyond this many records the new partition is not read; the whole source partition is copied again. */
    static final int MAX_RECORDS = 100_000;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private NewRemotePartition() {}

    /**
     * The source offset the new remote partition's records start at, when its committed records are exactly the
     * source records from there up to {@code resumeAt} (same key, value, timestamp and headers, in order); -1 when
     * they are not (a source with gaps, records written by someone else), so nothing may be skipped.
     */
    static long firstCopiedOffset(
            MirrorSourceConfig config, TopicPartition source, TopicPartition remote, long resumeAt, long sourceStart) {
        List<ConsumerRecord<byte[], byte[]>> copied = readAll(config.targetConsumerConfig(), remote);
        if (copied == null) {
            return -1;
        }
        long first = resumeAt - copied.size();
        if (first < sourceStart) {
            return -1;
        }
        if (copied.isEmpty()) {
            return resumeAt;
        }
        List<ConsumerRecord<byte[], byte[]>> original = read(config.sourceConsumerConfig(), source, first, resumeAt);
        if (original == null || original.size() != copied.size()) {
            return -1;
        }
        for (int i = 0; i < copied.size(); i++) {
            if (original.get(i).offset() != first + i || !sameRecord(original.get(i), copied.get(i))) {
                return -1;
            }
        }
        return first;
    }

    static boolean sameRecord(ConsumerRecord<byte[], byte[]> a, ConsumerRecord<byte[], byte[]> b) {
        if (!Arrays.equals(a.key(), b.key())
                || !Arrays.equals(a.value(), b.value())
                || a.timestamp() != b.timestamp()) {
            return false;
        }
        Header[] ha = a.headers().toArray();
        Header[] hb = b.headers().toArray();
        if (ha.length != hb.length) {
            return false;
        }
        for (int i = 0; i < ha.length; i++) {
            if (!ha[i].key().equals(hb[i].key()) || !Arrays.equals(ha[i].value(), hb[i].value())) {
                return false;
            }
        }
        return true;
    }

    /** Every committed record of {@code tp}, or null if there are more than {@link #MAX_RECORDS}. */
    private static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> clientConfig, TopicPartition tp) {
        return read(clientConfig, tp, -1, Long.MAX_VALUE);
    }

    /** Records of {@code tp} from {@code from} (-1: its oldest) up to {@code until} or its end; null when too many. */
    private static List<ConsumerRecord<byte[], byte[]>> read(
            Map<String, Object> clientConfig, TopicPartition tp, long from, long until) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            if (from < 0) {
                consumer.seekToBeginning(List.of(tp));
            } else {
                consumer.seek(tp, from);
            }
            long end = Math.min(until, consumer.endOffsets(List.of(tp), TIMEOUT).get(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(tp, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    return null;
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500)).records(tp)) {
                    if (record.offset() < end) {
                        records.add(record);
                    }
                }
                if (records.size() > MAX_RECORDS) {
                    return null;
                }
            }
            return records;
        }
    }
}
