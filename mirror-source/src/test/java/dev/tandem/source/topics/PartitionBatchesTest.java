package dev.tandem.source.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionBatchesTest {

    @Test
    void shouldKeepEveryRequestWithinTheControllersLimit() {
        // The scale run's data set: 2,500 topics x 4 partitions, and one more.
        Map<String, Integer> topics = new LinkedHashMap<>();
        for (int i = 0; i < 2_500; i++) {
            topics.put("A.scale-data-" + i, 4);
        }
        topics.put("A.heartbeats", 1);
        List<Map<String, Integer>> batches = PartitionBatches.of(topics, n -> n, PartitionBatches.MAX_PARTITIONS);
        assertEquals(3, batches.size(), "10,001 partitions: 5,000 + 5,000 + 1");
        batches.forEach(b ->
                assertTrue(b.values().stream().mapToInt(Integer::intValue).sum() <= PartitionBatches.MAX_PARTITIONS));
        assertEquals(
                List.copyOf(topics.keySet()),
                batches.stream().flatMap(b -> b.keySet().stream()).toList(),
                "every topic once, in order");
    }

    @Test
    void shouldSendATopicLargerThanTheLimitOnItsOwn() {
        Map<String, Integer> topics = new LinkedHashMap<>();
        topics.put("small", 10);
        topics.put("huge", 12_000);
        topics.put("after", 10);
        assertEquals(
                List.of(Map.of("small", 10), Map.of("huge", 12_000), Map.of("after", 10)),
                PartitionBatches.of(topics, n -> n, 5_000));
        assertEquals(List.of(), PartitionBatches.of(Map.<String, Integer>of(), n -> n, 5_000));
    }
}
