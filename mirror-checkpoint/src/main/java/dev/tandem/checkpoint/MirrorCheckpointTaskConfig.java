package dev.tandem.checkpoint;

import dev.tandem.checkpoint.groups.GroupShare;
import java.util.HashMap;
import java.util.Map;

/**
 * What one checkpoint task is given: the connector's settings, its index and the task count. Its groups are not
 * here: the task lists the source's groups itself and keeps its {@link GroupShare}, so a new group changes no task
 * config and restarts no task.
 */
public final class MirrorCheckpointTaskConfig {

    public static final String TASK_INDEX = "task.index";
    public static final String TASK_COUNT = "task.count";

    private MirrorCheckpointTaskConfig() {}

    public static Map<String, String> forTask(Map<String, String> connectorProps, int taskIndex, int taskCount) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_INDEX, Integer.toString(taskIndex));
        props.put(TASK_COUNT, Integer.toString(taskCount));
        return props;
    }

    public static GroupShare share(Map<String, String> taskProps) {
        return new GroupShare(
                Integer.parseInt(taskProps.getOrDefault(TASK_INDEX, "0")),
                Integer.parseInt(taskProps.getOrDefault(TASK_COUNT, "1")));
    }
}
