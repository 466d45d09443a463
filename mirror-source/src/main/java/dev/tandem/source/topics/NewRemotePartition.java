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
import org.apache.kafka.connect.errors.RetriableException;

/**
 * What a remote partition created again holds: the records copied into it since, which are the source records just
 * before the position the copy reached. Counting them tells whether records copied into the old topic are missing;
 * finding where they start lets the copy again stop there instead of copying them twice, which matters with
 * exactly-once, where consumers must never see a record twice.
 */
final class NewRemotePartition {

    /** Beyond this many records the new partition's records are not kept to be matched; they are only counted. */
    static final int MAX_RECORDS = 100_000;

    /** Beyond this many records the count stops: a partition holding that many is taken as whole. */
    static final long MAX_COUNTED = 2_000_000;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COUNT_TIMEOUT = Duration.ofSeconds(120);

    private NewRemotePartition() {}

    /**
     * The committed records of a remote partition: {@code count} of them were read, all of them when
     * {@code complete}; {@code records} holds them when complete and at most {@link #MAX_RECORDS}, else null.
     */
    record Held(long count, boolean complete, List<ConsumerRecord<byte[], byte[]>> records) {

        /** The count for a log line. */
        String described() {
            return complete ? Long.toString(count) : "more than " + count;
        }
    }

    /**
     * Reads the committed records of {@code remote} until it is known whether it holds {@code enough}. Its end offset
     * bounds the count from above, so below {@code enough} it answers at once (the records are read only to be
     * matched). It is no count on an exactly-once target: every transaction leaves a marker that takes an offset in
     * each partition it wrote to, so a new partition holding a few hundred records from short transactions can end
     * past an offset as high as the number of records lost with the old one. Then the records are counted, up to
     * {@link #MAX_COUNTED}.
     */
    static Held held(MirrorSourceConfig config, TopicPartition remote, long enough) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(config.targetConsumerConfig())) {
            consumer.assign(List.of(remote));
            consumer.seekToBeginning(List.of(remote));
            long end = consumer.endOffsets(List.of(remote), TIMEOUT).get(remote);
            long stopAt = end < enough ? MAX_RECORDS + 1 : Math.min(enough, MAX_COUNTED);
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long count = 0;
            boolean stopped = false;
            long deadline = System.nanoTime() + COUNT_TIMEOUT.toNanos();
            while (count < stopAt && consumer.position(remote, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new RetriableException("Counting the records of " + remote + " on the target took more than "
                            + COUNT_TIMEOUT.toSeconds() + " s; the task checks again when it starts next.");
                }
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500)).records(remote)) {
                    if (record.offset() >= end) {
                        break;
                    }
                    if (count >= stopAt) {
                        stopped = true;
                        break;
                    }
                    count++;
                    if (records != null) {
                        records.add(record);
                        if (records.size() > MAX_RECORDS) {
                            records = null;
                        }
                    }
                }
            }
            boolean complete = !stopped && consumer.position(remote, TIMEOUT) >= end;
            return new Held(count, complete, complete ? records : null);
        }
    }

    /**
     * The source offset the new remote partition's records start at, when its committed records ({@code copied})
     * are exactly the source records from there up to {@code resumeAt} (same key, value, timestamp and headers, in
     * order); -1 when they are not (a source with gaps, records written by someone else), so nothing may be skipped.
     */
    static long firstCopiedOffset(
            MirrorSourceConfig config,
            TopicPartition source,
            List<ConsumerRecord<byte[], byte[]>> copied,
            long resumeAt,
            long sourceStart) {
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

    /** Committed records of {@code tp} from {@code from} up to {@code until} or its end; null when too many. */
    private static List<ConsumerRecord<byte[], byte[]>> read(
            Map<String, Object> clientConfig, TopicPartition tp, long from, long until) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(clientConfig)) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, from);
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

    private static KafkaConsumer<byte[], byte[]> committedReader(Map<String, Object> clientConfig) {
        Map<String, Object> props = new HashMap<>(clientConfig);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
