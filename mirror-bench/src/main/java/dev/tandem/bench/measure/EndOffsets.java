package dev.tandem.bench.measure;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** End offsets of a topic, 0 for a topic that does not exist yet: visible records on a single-broker cluster. */
public final class EndOffsets {

    private final Admin admin;

    public EndOffsets(Admin admin) {
        this.admin = admin;
    }

    public Map<Integer, Long> of(String topic, int partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        try {
            admin.listOffsets(request)
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        } catch (Exception e) {
            // Not created yet (or not all partitions yet): nothing visible.
            return Map.of();
        }
        return ends;
    }

    public long sum(String topic, int partitions) {
        return of(topic, partitions).values().stream()
                .mapToLong(Long::longValue)
                .sum();
    }
}
