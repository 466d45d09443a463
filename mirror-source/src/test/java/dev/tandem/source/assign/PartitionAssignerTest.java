package dev.tandem.source.assign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionAssignerTest {

    private static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> set = new HashSet<>();
        for (int i = 0; i < count; i++) {
            set.add(new TopicPartition(topic, i));
        }
        return set;
    }

    private static Map<TopicPartition, Integer> taskOf(List<List<TopicPartition>> tasks) {
        Map<TopicPartition, Integer> map = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            for (TopicPartition tp : tasks.get(i)) {
                map.put(tp, i);
            }
        }
        return map;
    }

    @Test
    void shouldSpreadPartitionsEvenly() {
        List<List<TopicPartition>> tasks = new PartitionAssigner().assign(partitions("t", 8), 3);
        assertEquals(3, tasks.size());
        assertEquals(List.of(3, 3, 2), tasks.stream().map(List::size).toList());
    }

    @Test
    void shouldUseNoMoreTasksThanPartitions() {
        assertEquals(2, new PartitionAssigner().assign(partitions("t", 2), 8).size());
        assertEquals(0, new PartitionAssigner().assign(Set.of(), 8).size());
    }

    @Test
    void shouldNotMoveRunningPartitionsWhenTopicsAreAdded() {
        PartitionAssigner assigner = new PartitionAssigner();
        Set<TopicPartition> before = new HashSet<>(partitions("m", 4));
        before.addAll(partitions("z", 4));
        Map<TopicPartition, Integer> first = taskOf(assigner.assign(before, 4));

        Set<TopicPartition> after = new HashSet<>(before);
        after.addAll(partitions("a", 3)); // sorts first: a round-robin deal would move everything
        Map<TopicPartition, Integer> second = taskOf(assigner.assign(after, 4));

        for (TopicPartition tp : before) {
            assertEquals(first.get(tp), second.get(tp), tp + " stays on its task");
        }
        int[] load = new int[4];
        second.values().forEach(t -> load[t]++);
        for (int l : load) {
            assertTrue(l == 2 || l == 3, "new partitions go to the least loaded tasks: " + Arrays.toString(load));
        }
    }

    @Test
    void shouldGrowTaskCountWithoutMovingPartitions() {
        PartitionAssigner assigner = new PartitionAssigner();
        Map<TopicPartition, Integer> first = taskOf(assigner.assign(partitions("t", 2), 4));
        Map<TopicPartition, Integer> second = taskOf(assigner.assign(partitions("t", 5), 4));
        assertEquals(first.get(new TopicPartition("t", 0)), second.get(new TopicPartition("t", 0)));
        assertEquals(first.get(new TopicPartition("t", 1)), second.get(new TopicPartition("t", 1)));
        assertEquals(4, new HashSet<>(second.values()).size());
    }

    @Test
    void shouldDropDeletedTopics() {
        PartitionAssigner assigner = new PartitionAssigner();
        Set<TopicPartition> both = new HashSet<>(partitions("a", 2));
        both.addAll(partitions("b", 2));
        assigner.assign(both, 2);
        List<List<TopicPartition>> tasks = assigner.assign(partitions("b", 2), 2);
        assertEquals(
                Set.of(new TopicPartition("b", 0), new TopicPartition("b", 1)),
                taskOf(tasks).keySet());
    }

    @Test
    void shouldRoundTripTaskPartitionsWithDashesInTopicNames() {
        List<TopicPartition> list = List.of(new TopicPartition("my-topic-1", 12), new TopicPartition("x", 0));
        assertEquals(list, TaskPartitions.decode(TaskPartitions.encode(list)));
        assertEquals(List.of(), TaskPartitions.decode(""));
    }
}
