package dev.tandem.source;

import dev.tandem.source.assign.TaskPartitions;

import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one source task is given: the connector's settings, its index and the source partitions it copies. */
public final class MirrorSourceTaskConfig {

    public static final String TASK_INDEX = "task.index";
    public static final String TASK_PARTITIONS = "task.assigned.partitions";

    private final MirrorSourceConfig connectorConfig;
    private final int taskIndex;
    private final List<TopicPartition> partitions;

    public MirrorSourceTaskConfig(Map<String, String> props) {
        this.connectorConfig = new MirrorSourceConfig(props);
        this.taskIndex = Integer.parseInt(props.getOrDefault(TASK_INDEX, "0"));
        this.partitions = TaskPartitions.decode(props.getOrDefault(TASK_PARTITIONS, ""));
    }

    /** The connector's settings plus this task's index and partitions. */
    public static Map<String, String> forTask(Map<String, String> connectorProps, int taskIndex, List<TopicPartition> partitions) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_INDEX, Integer.toString(taskIndex));
        props.put(TASK_PARTITIONS, TaskPartitions.encode(partitions));
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
}
