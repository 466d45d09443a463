package dev.tandem.source;

import dev.tandem.source.assign.TaskPartitions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/** What one source task is given: the connector's settings, its index and the source partitions it copies. */
public final class MirrorSourceTaskConfig {

    public static final String TASK_INDEX = "task.index";
    public static final String TASK_PARTITIONS = "task.assigned.partitions";
    /** Remote topics of this task's partitions that were deleted on the target while the connector ran. */
    public static final String TASK_REPLACED_REMOTES = "task.replaced.remote.topics";

    private final MirrorSourceConfig connectorConfig;
    private final int taskIndex;
    private final List<TopicPartition> partitions;
    private final Set<String> replacedRemotes;

    public MirrorSourceTaskConfig(Map<String, String> props) {
        this.connectorConfig = new MirrorSourceConfig(props);
        this.taskIndex = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
        this.partitions = TaskPartitions.decode(props.getOrDefault(TASK_PARTITIONS, ""));
        String replaced = props.getOrDefault(TASK_REPLACED_REMOTES, "").trim();
        this.replacedRemotes = replaced.isEmpty() ? Set.of() : Set.of(replaced.split(","));
    }

    /**
     * The connector's settings plus this task's index and partitions, and which of their remote topics were
     * replaced on the target (topic names hold no comma, so a comma joins them).
     */
    public static Map<String, String> forTask(
            Map<String, String> connectorProps,
            int taskIndex,
            List<TopicPartition> partitions,
            Set<String> replacedRemotes) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_INDEX, Integer.toString(taskIndex));
        props.put(TASK_PARTITIONS, TaskPartitions.encode(partitions));
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

    public List<TopicPartition> partitions() {
        return partitions;
    }

    public Set<String> replacedRemotes() {
        return replacedRemotes;
    }
}
