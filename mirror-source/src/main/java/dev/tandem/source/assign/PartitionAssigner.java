package dev.tandem.source.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Spreads source partitions over at most {@code tasks.max} tasks, and keeps them where they are when topics come
 * and go: a new partition goes to the task with fewest partitions, and a partition that was running stays on its
 * task unless that task disappears because there are fewer partitions than tasks. MirrorMaker 2 instead deals the
 * sorted list round-robin, so one new topic can move every partition.
 *
 * <p>Not thread-safe: the connector calls it from one thread.
 */
public final class PartitionAssigner {

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Map<TopicPartition, Integer> taskOf = new HashMap<>();
    private int lastMaxTasks = -1;

    /** The partitions of each task, for the given current set of partitions; task i is element i. */
    public List<List<TopicPartition>> assign(Set<TopicPartition> partitions, int maxTasks) {
        if (maxTasks < 1) {
            throw new IllegalArgumentException("tasks.max must be at least 1, was " + maxTasks);
        }
        if (maxTasks != lastMaxTasks) {
            taskOf.clear(); // a different task count is a new layout anyway
            lastMaxTasks = maxTasks;
        }
        int taskCount = Math.min(maxTasks, partitions.size());
        taskOf.keySet().retainAll(partitions);
        taskOf.values().removeIf(task -> task >= taskCount);

        int[] load = new int[taskCount];
        taskOf.values().forEach(task -> load[task]++);
        List<TopicPartition> unassigned = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!taskOf.containsKey(tp)) {
                unassigned.add(tp);
            }
        }
        unassigned.sort(ORDER);
        for (TopicPartition tp : unassigned) {
            int task = leastLoaded(load);
            taskOf.put(tp, task);
            load[task]++;
        }

        List<List<TopicPartition>> tasks = new ArrayList<>(taskCount);
        for (int i = 0; i < taskCount; i++) {
            tasks.add(new ArrayList<>());
        }
        taskOf.forEach((tp, task) -> tasks.get(task).add(tp));
        tasks.forEach(list -> list.sort(ORDER));
        return tasks;
    }

    private static int leastLoaded(int[] load) {
        int best = 0;
        for (int i = 1; i < load.length; i++) {
            if (load[i] < load[best]) {
                best = i;
            }
        }
        return best;
    }
}
