package dev.tandem.bench.scale;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * End offsets of many partitions in one request, on a single-broker cluster the records visible in them. A partition
 * that cannot be read (its topic is not there yet, or went away) counts 0 instead of failing the whole answer: while
 * a replicator creates thousands of remote topics some always are missing.
 */
final class EndOffsetSums {

    /** Short: an unreadable partition must not stall a once-a-second sample for the admin client's minute. */
    private static final int TIMEOUT_MS = 5_000;

    private final Admin admin;

    EndOffsetSums(Admin admin) {
        this.admin = admin;
    }

    /** The sum of the partitions' end offsets. */
    long sum(Collection<TopicPartition> partitions) throws InterruptedException {
        return ends(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Per topic, the sum of all its partitions' end offsets; a topic that cannot be described is left out. */
    Map<String, Long> perTopic(Collection<String> topics) throws InterruptedException {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, KafkaFuture<TopicDescription>> described =
                admin.describeTopics(topics).topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> topic : described.entrySet()) {
            try {
                topic.getValue()
                        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .partitions()
                        .forEach(p -> partitions.add(new TopicPartition(topic.getKey(), p.partition())));
            } catch (ExecutionException | TimeoutException e) {
                // Deleted meanwhile, or not yet there: nothing to count.
            }
        }
        Map<String, Long> sums = new HashMap<>();
        ends(partitions).forEach((tp, end) -> sums.merge(tp.topic(), end, Long::sum));
        return sums;
    }

    private Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) throws InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (request.isEmpty()) {
            return ends;
        }
        ListOffsetsResult result = admin.listOffsets(request, new ListOffsetsOptions().timeoutMs(TIMEOUT_MS));
        for (TopicPartition tp : request.keySet()) {
            try {
                ends.put(tp, result.partitionResult(tp).get().offset());
            } catch (ExecutionException e) {
                // Not readable now: counts 0 (see the class comment).
            }
        }
        return ends;
    }
}
