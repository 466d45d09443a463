package dev.tandem.checkpoint.groups;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which checkpoint task translates a consumer group: the murmur2 hash of the group id (Kafka's own partitioner hash)
 * modulo the task count. Every task applies the rule to the groups it lists itself, so a new group reaches exactly
 * one running task without new task configs and without restarting any task (MirrorMaker 2 deals the groups out in
 * task configs and restarts every checkpoint task when one appears). A group stays on its task across restarts;
 * changing {@code tasks.max} moves about {@code 1 - 1/max(old, new)} of the groups.
 */
public record GroupShare(int taskIndex, int taskCount) {

    public GroupShare {
        if (taskCount < 1 || taskIndex < 0 || taskIndex >= taskCount) {
            throw new IllegalArgumentException("task " + taskIndex + " of " + taskCount + " does not exist");
        }
    }

    /** The task that translates {@code group}. */
    public static int taskOf(String group, int taskCount) {
        return Utils.toPositive(Utils.murmur2(group.getBytes(StandardCharsets.UTF_8))) % taskCount;
    }

    public boolean owns(String group) {
        return taskOf(group, taskCount) == taskIndex;
    }
}
