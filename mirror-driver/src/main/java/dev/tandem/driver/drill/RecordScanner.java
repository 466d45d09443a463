package dev.tandem.driver.drill;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads records of one cluster for the drill: a record's timestamp, and a digest of a range of offsets. */
final class RecordScanner implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    RecordScanner(ClusterSide cluster) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = cluster.timeout();
    }

    /** The timestamp of the first record at or after {@code offset} and before {@code end}, if there is one. */
    OptionalLong timestampAt(TopicPartition tp, long offset, long end) {
        long[] found = {-1};
        scan(tp, offset, end, record -> {
            found[0] = record.timestamp();
            return false;
        });
        return found[0] < 0 ? OptionalLong.empty() : OptionalLong.of(found[0]);
    }

    /** Count and checksum of key, value and headers of the records in [{@code from}, {@code to}), in order. */
    Digest digest(TopicPartition tp, long from, long to) {
        CRC32C crc = new CRC32C();
        long[] count = {0};
        scan(tp, from, to, record -> {
            update(crc, record.key());
            update(crc, record.value());
            for (Header header : record.headers()) {
                update(crc, header.key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                update(crc, header.value());
            }
            crc.update(ByteBuffer.allocate(Integer.BYTES).putInt(-2).array()); // end of record
            count[0]++;
            return true;
        });
        return new Digest(count[0], String.format("%08x", crc.getValue()));
    }

    /** Length-prefixed, so that ("ab", "c") and ("a", "bc") differ and null differs from empty. */
    private static void update(CRC32C crc, byte[] bytes) {
        crc.update(ByteBuffer.allocate(Integer.BYTES)
                .putInt(bytes == null ? -1 : bytes.length)
                .array());
        if (bytes != null) {
            crc.update(bytes);
        }
    }

    private void scan(TopicPartition tp, long from, long to, RecordVisitor visitor) {
        if (from >= to) {
            return;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(tp, timeout) < to) {
            if (System.nanoTime() - deadline > 0) {
                throw new org.apache.kafka.common.errors.TimeoutException("Reading " + tp + " from " + from + " to "
                        + to + " made no progress for " + timeout.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> record :
                    consumer.poll(Duration.ofMillis(200)).records(tp)) {
                if (record.offset() >= to) {
                    return;
                }
                deadline = System.nanoTime() + timeout.toNanos();
                if (!visitor.visit(record)) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    record Digest(long records, String checksum) {}

    @FunctionalInterface
    private interface RecordVisitor {
        boolean visit(ConsumerRecord<byte[], byte[]> record);
    }
}
