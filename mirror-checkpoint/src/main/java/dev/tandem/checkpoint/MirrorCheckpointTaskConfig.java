package dev.tandem.checkpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What one checkpoint task is given: the connector's settings and the consumer groups it translates. */
public final class MirrorCheckpointTaskConfig {

    public static final String TASK_GROUPS = "task.assigned.groups";

    private MirrorCheckpointTaskConfig() {}

    public static Map<String, String> forTask(Map<String, String> connectorProps, List<String> groups) {
        Map<String, String> props = new HashMap<>(connectorProps);
        props.put(TASK_GROUPS, String.join(",", groups));
        return props;
    }

    public static List<String> groups(Map<String, String> taskProps) {
        List<String> groups = new ArrayList<>();
        for (String group : taskProps.getOrDefault(TASK_GROUPS, "").split(",")) {
            if (!group.isEmpty()) {
                groups.add(group);
            }
        }
        return groups;
    }
}
