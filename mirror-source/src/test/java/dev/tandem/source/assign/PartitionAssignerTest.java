package dev.tandem.source.assign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class PartitionAssignerTest {

    private static Set<TopicPartition> partitions(String topic, int count) {
        Set<TopicPartition> set = new HashSet<>();
        for (int i = 0; i < count; i++) {
            set.add(new TopicPartition(topic, i));
        }
        return set;
    }

    private static Set<TopicPartition> union(Set<TopicPartition> a, Set<TopicPartition> b) {
        Set<TopicPartition> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static int[] loads(Map<TopicPartition, Integer> taskOf, int taskCount) {
        int[] load = new int[taskCount];
        taskOf.values().forEach(task -> load[task]++);
        return load;
    }

    private static int spread(Map<TopicPartition, Integer> taskOf, int taskCount) {
        int[] load = loads(taskOf, taskCount);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int l : load) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        return max - min;
    }

    private static int moved(Map<TopicPartition, Integer> before, Map<TopicPartition, Integer> after) {
        int moved = 0;
        for (Map.Entry<TopicPartition, Integer> e : after.entrySet()) {
            Integer was = before.get(e.getKey());
            if (was != null && !was.equals(e.getValue())) {
                moved++;
            }
        }
        return moved;
    }

    @Test
    void shouldSpreadPartitionsEvenlyWithinOnePerTask() {
        Map<TopicPartition, Integer> taskOf = PartitionAssigner.assign(Map.of(), -1, partitions("t", 10), 3);
        assertEquals(10, taskOf.size());
        assertArrayEquals(new int[] {4, 3, 3}, loads(taskOf, 3));
    }

    @Test
    void shouldLeaveTasksEmptyWhenThereAreFewerPartitionsThanTasks() {
        Map<TopicPartition, Integer> taskOf = PartitionAssigner.assign(Map.of(), -1, partitions("t", 2), 8);
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 0}, loads(taskOf, 8));
        assertEquals(Map.of(), PartitionAssigner.assign(Map.of(), -1, Set.of(), 8));
    }

    @Test
    void shouldNeverMoveAPartitionWhenTopicsAreAdded() {
        Map<TopicPartition, Integer> first = PartitionAssigner.assign(Map.of(), -1, partitions("orders", 7), 3);
        Map<TopicPartition, Integer> second =
                PartitionAssigner.assign(first, 3, union(partitions("orders", 7), partitions("audit", 5)), 3);
        assertEquals(0, moved(first, second));
        assertEquals(12, second.size());
        assertTrue(spread(second, 3) <= 1, "spread " + spread(second, 3));
    }

    @Test
    void shouldNeverMoveAPartitionWhenTopicsAreRemovedAndRefillTheLighterTasksFirst() {
        Set<TopicPartition> orders = partitions("orders", 6);
        Set<TopicPartition> audit = partitions("audit", 6);
        Map<TopicPartition, Integer> first = PartitionAssigner.assign(Map.of(), -1, union(orders, audit), 3);
        Map<TopicPartition, Integer> second = PartitionAssigner.assign(first, 3, orders, 3);
        assertEquals(0, moved(first, second));
        assertEquals(orders, second.keySet());

        // Whatever the removal left uneven, new partitions go to the lightest tasks until they are even again.
        Map<TopicPartition, Integer> third =
                PartitionAssigner.assign(second, 3, union(orders, partitions("pay", 6)), 3);
        assertEquals(0, moved(second, third));
        assertTrue(spread(third, 3) <= 1, "spread " + spread(third, 3));
    }

    @Test
    void shouldKeepEveryPartitionOnItsTaskThroughRandomAdditionsAndRemovals() {
        Random random = new Random(42);
        Set<TopicPartition> current = new HashSet<>();
        Map<TopicPartition, Integer> taskOf = Map.of();
        int topics = 0;
        for (int step = 0; step < 300; step++) {
            Set<TopicPartition> next = new HashSet<>(current);
            boolean removing = !current.isEmpty() && random.nextInt(3) == 0;
            if (removing) {
                String gone = new ArrayList<>(current)
                        .get(random.nextInt(current.size()))
                        .topic();
                next.removeIf(tp -> tp.topic().equals(gone));
            } else {
                next.addAll(partitions("topic-" + topics++, 1 + random.nextInt(8)));
            }
            boolean evenBefore = spread(taskOf, 4) <= 1;
            Map<TopicPartition, Integer> after = PartitionAssigner.assign(taskOf, 4, next, 4);
            assertEquals(0, moved(taskOf, after), "step " + step);
            assertEquals(next, after.keySet());
            if (!removing && evenBefore) {
                assertTrue(spread(after, 4) <= 1, "step " + step + ": spread " + spread(after, 4));
            }
            taskOf = after;
            current = next;
        }
    }

    @Test
    void shouldMoveOnlyWhatItMustWhenTheTaskCountGrows() {
        Set<TopicPartition> all = partitions("t", 100);
        Map<TopicPartition, Integer> four = PartitionAssigner.assign(Map.of(), -1, all, 4);
        Map<TopicPartition, Integer> five = PartitionAssigner.assign(four, 4, all, 5);
        assertArrayEquals(new int[] {20, 20, 20, 20, 20}, loads(five, 5));
        assertEquals(20, moved(four, five), "the 20 the new task takes, and no others");
    }

    @Test
    void shouldMoveOnlyThePartitionsOfRemovedTasksWhenTheTaskCountShrinks() {
        Set<TopicPartition> all = partitions("t", 100);
        Map<TopicPartition, Integer> five = PartitionAssigner.assign(Map.of(), -1, all, 5);
        Map<TopicPartition, Integer> four = PartitionAssigner.assign(five, 5, all, 4);
        assertArrayEquals(new int[] {25, 25, 25, 25}, loads(four, 4));
        assertEquals(20, moved(five, four), "the 20 of task 4, and no others");
    }

    @Test
    void shouldEvenOutAnUnevenLayoutOnlyWhenTheTaskCountChanges() {
        Map<TopicPartition, Integer> uneven = new HashMap<>();
        partitions("t", 9).forEach(tp -> uneven.put(tp, 0));
        assertEquals(uneven, PartitionAssigner.assign(uneven, 3, uneven.keySet(), 3), "same count: nothing moves");
        Map<TopicPartition, Integer> evened = PartitionAssigner.assign(uneven, 1, uneven.keySet(), 3);
        assertArrayEquals(new int[] {3, 3, 3}, loads(evened, 3));
        assertEquals(6, moved(uneven, evened));
    }

    @Test
    void shouldGiveTheSameLayoutForTheSameInputs() {
        Set<TopicPartition> all = union(partitions("a", 13), partitions("b", 7));
        assertEquals(PartitionAssigner.assign(Map.of(), -1, all, 3), PartitionAssigner.assign(Map.of(), -1, all, 3));
    }

    @Test
    void shouldRefuseFewerThanOneTask() {
        assertThrows(IllegalArgumentException.class, () -> PartitionAssigner.assign(Map.of(), -1, Set.of(), 0));
    }

    @Test
    void shouldRoundTripTopicAssignmentsWithDashesInTopicNames() {
        Uuid id = Uuid.fromString("AAAAAAAAAAEAAAAAAAAAAg");
        TopicAssignment assignment = new TopicAssignment("my-topic-1", 3, new int[] {0, 2, 1, -1}, id);
        assertEquals(assignment, TopicAssignment.parse("my-topic-1", assignment.value()));
        assertEquals("2;3;0,2,1,-1;" + id, new String(assignment.value(), StandardCharsets.UTF_8));
        TopicAssignment older = TopicAssignment.parse("my-topic-1", "1;3;0,2,1,-1".getBytes(StandardCharsets.UTF_8));
        assertEquals(Uuid.ZERO_UUID, older.topicId(), "version 1, written before topic ids: an unknown id");
        assertEquals(3, older.taskOf(1) + 1);
        byte[] key = TopicAssignment.key("A->B.source", "my-topic-1");
        assertEquals("my-topic-1", TopicAssignment.topicOf("A->B.source", key));
        assertNull(TopicAssignment.topicOf("A->C.source", key), "another connector's record");
    }

    @Test
    void shouldNameTheTopicOfAnUnreadableAssignment() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TopicAssignment.parse("orders", "9;x".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("orders"), e.getMessage());
    }
}
