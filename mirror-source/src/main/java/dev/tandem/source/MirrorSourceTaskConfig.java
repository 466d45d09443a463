package dev.tandem.source;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one source task is given: the connector's settings, its index and the task count. Its partitions are not
 * here: the task reads them from the assignments topic, so this config stays the same size whatever the partition
 * count, and a new topic changes no task config.
 */
public final class MirrorSourceTaskConfig {

    public static final String TASK_INDEX = "task.index";
    public static final String TASK_COUNT = "task.count";
    /** Remote topics of this task's partitions that were deleted on the target while the connector ran. */
    public static final String TASK_REPLACED_REMOTES = "task.replaced.remote.topics";

    private final MirrorSourceConfig connectorConfig;
    private final int taskIndex;
    private final int taskCount;
    private final Set<String> replacedRemotes;

    public MirrorSourceTaskConfig(Map<String, String> props) {
        this.connectorConfig = new MirrorSourceConfig(props);
        this.taskIndex = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
        this.taskCount = Integer.parseInt(props.getOrDefault(TASK_COUNT, "1"));
        String replaced = props.getOrDefault(TASK_REPLACED_REMOTES, "").trim();
        this.replacedRemotes = replaced.isEmpty() ? Set.of() : Set.of(replaced.split(","));
    }

    /**
     * The connector's settings plus this task's index, the task count, and which remote topics of its partitions
     * were replaced on the target (topic names hold no comma, so a comma joins them).
     */
    public static Map<String, String> forTask(
            Map<String, String> connectorProps, int taskIndex, int taskCount, Set<String> replacedRemotes) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_INDEX, Integer.toString(taskIndex));
        props.put(TASK_COUNT, Integer.toString(taskCount));
        if (!replacedRemotes.isEmpty()) {
            props.put(TASK_REPLACED_REMOTES, String.join(",", new TreeSet<>(replacedRemotes)));
        }
        return props;
    }

    public MirrorSourceConfig connectorConfig() {
        return connectorConfig;
    }

    public int taskIndex() {
        return taskIndex;
    }

    public int taskCount() {
        return taskCount;
    }

    public Set<String> replacedRemotes() {
        return replacedRemotes;
    }
}
