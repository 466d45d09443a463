package dev.tandem.testkit.records;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Slicing a topic's records by partition, in the order they were read. */
public final class ByPartition {

    private ByPartition() {}

    public static List<ConsumerRecord<byte[], byte[]>> only(
            List<ConsumerRecord<byte[], byte[]>> records, int partition) {
        return records.stream().filter(r -> r.partition() == partition).toList();
    }

    public static List<Integer> partitions(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(ConsumerRecord::partition)
                .distinct()
                .sorted()
                .toList();
    }
}
