package dev.tandem.source.assign;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The rule that spreads source partitions over the tasks: a pure function of the previous assignment, the current
 * partitions and the task count, so the connector can keep its result in the assignment topic and apply it again
 * after a restart.
 *
 * <ul>
 *   <li>While the task count stays the same, a partition never moves: a new partition goes to the task with fewest
 *       partitions (the lowest index among equals), and a removed one simply leaves its task. After additions alone
 *       the tasks are even within one partition; after removals the next additions fill the lighter tasks first.
 *       Moving a running partition would stop its copy, which is what this rule exists to avoid.</li>
 *   <li>When the task count changes (every task restarts then anyway), partitions of tasks that no longer exist
 *       move, and then the fewest partitions needed to make the tasks even within one move from the fullest tasks
 *       to the emptiest: going from {@code n} to {@code m} tasks with {@code P} partitions moves about
 *       {@code P * |m - n| / max(m, n)} of them.</li>
 * </ul>
 * MirrorMaker 2 instead deals the sorted partition list round-robin, so one new topic can move every partition.
 */
public final class PartitionAssigner {

    static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private PartitionAssigner() {}

    /**
     * The task of each partition in {@code partitions}, over {@code taskCount} tasks.
     *
     * @param previous      the last assignment (partitions no longer present are ignored)
     * @param previousCount the task count {@code previous} was made for; a different count rebalances
     */
    public static Map<TopicPartition, Integer> assign(
            Map<TopicPartition, Integer> previous, int previousCount, Set<TopicPartition> partitions, int taskCount) {
        if (taskCount < 1) {
            throw new IllegalArgumentException("tasks.max must be at least 1, was " + taskCount);
        }
        Map<TopicPartition, Integer> next = new HashMap<>();
        List<List<TopicPartition>> byTask = new ArrayList<>(taskCount);
        for (int i = 0; i < taskCount; i++) {
            byTask.add(new ArrayList<>());
        }
        List<TopicPartition> unplaced = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Integer task = previous.get(tp);
            if (task != null && task >= 0 && task < taskCount) {
                next.put(tp, task);
                byTask.get(task).add(tp);
            } else {
                unplaced.add(tp);
            }
        }
        unplaced.sort(ORDER);
        for (TopicPartition tp : unplaced) {
            int task = lightest(byTask);
            next.put(tp, task);
            byTask.get(task).add(tp);
        }
        if (previousCount != taskCount) {
            evenOut(byTask, next);
        }
        return next;
    }

    /** Moves partitions from the fullest task to the emptiest until they differ by at most one. */
    private static void evenOut(List<List<TopicPartition>> byTask, Map<TopicPartition, Integer> next) {
        // The last partitions in order move, so the same inputs always give the same layout.
        byTask.forEach(list -> list.sort(ORDER));
        while (true) {
            int light = lightest(byTask);
            int heavy = heaviest(byTask);
            if (byTask.get(heavy).size() - byTask.get(light).size() <= 1) {
                return;
            }
            List<TopicPartition> from = byTask.get(heavy);
            TopicPartition moved = from.remove(from.size() - 1);
            byTask.get(light).add(moved);
            next.put(moved, light);
        }
    }

    private static int lightest(List<List<TopicPartition>> byTask) {
        int best = 0;
        for (int i = 1; i < byTask.size(); i++) {
            if (byTask.get(i).size() < byTask.get(best).size()) {
                best = i;
            }
        }
        return best;
    }

    private static int heaviest(List<List<TopicPartition>> byTask) {
        int best = 0;
        for (int i = 1; i < byTask.size(); i++) {
            if (byTask.get(i).size() > byTask.get(best).size()) {
                best = i;
            }
        }
        return best;
    }
}
