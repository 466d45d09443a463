package dev.tandem.testkit.records;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Records that exercise everything a replicator must keep: keys and null keys, values and tombstones (null
 * values), headers (repeated keys, null values, binary bytes), explicit timestamps and explicit partitions.
 * Every record is unique (its value, or its key for tombstones, carries its sequence number) so copies can be
 * counted.
 */
public final class TestRecords {

    private TestRecords() {}

    /**
     * A base timestamp ten minutes ago. Records stamped years back are deleted by the brokers' 7-day retention
     * (first checked 30 s after a broker starts), which would leave a test comparing two empty topics.
     */
    public static long recent() {
        return System.currentTimeMillis() - 600_000L;
    }

    /** {@code count} records for {@code topic}, spread over {@code partitions}, timestamps from {@code baseTimestamp}. */
    public static List<ProducerRecord<byte[], byte[]>> varied(
            String topic, int partitions, int count, long baseTimestamp) {
        return varied(topic, partitions, count, baseTimestamp, "");
    }

    /** As {@link #varied(String, int, int, long)}; {@code batch} makes records unique across several batches to one topic. */
    public static List<ProducerRecord<byte[], byte[]>> varied(
            String topic, int partitions, int count, long baseTimestamp, String batch) {
        String label = topic + batch;
        Random random = new Random(label.hashCode());
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int partition = i % partitions;
            boolean tombstone = i % 20 == 7;
            byte[] key = i % 10 == 3 && !tombstone ? null : utf8(label + "-key-" + i);
            byte[] value = tombstone ? null : value(label, i, random);
            RecordHeaders headers = new RecordHeaders();
            if (i % 3 == 0) {
                headers.add("trace", utf8("t-" + i));
                headers.add("trace", utf8("second-" + i)); // repeated header keys keep their order
            }
            if (i % 5 == 0) {
                headers.add("empty", null);
                headers.add("binary", new byte[] {(byte) 0xff, 0, (byte) i});
            }
            records.add(new ProducerRecord<>(topic, partition, baseTimestamp + i, key, value, headers));
        }
        return records;
    }

    private static byte[] value(String topic, int i, Random random) {
        byte[] prefix = utf8(topic + "-value-" + i + "-");
        byte[] value = new byte[prefix.length + random.nextInt(64)];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        for (int b = prefix.length; b < value.length; b++) {
            value[b] = (byte) random.nextInt(256);
        }
        return value;
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
