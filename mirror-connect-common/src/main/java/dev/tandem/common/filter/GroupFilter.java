package dev.tandem.common.filter;

import java.util.List;

/** Chooses the consumer groups whose offsets are checkpointed, from {@code groups} and {@code groups.exclude}. */
public final class GroupFilter {

    public static final String GROUPS_CONFIG = "groups";
    public static final String GROUPS_DEFAULT = ".*";
    public static final String GROUPS_EXCLUDE_CONFIG = "groups.exclude";
    /** MirrorMaker 2's default: console consumers, Connect's sink connectors' groups and Kafka's own. */
    public static final String GROUPS_EXCLUDE_DEFAULT = "console-consumer-.*, connect-.*, __.*";

    private final NameFilter names;

    public GroupFilter(List<String> include, List<String> exclude) {
        this.names = new NameFilter(GROUPS_CONFIG, include, GROUPS_EXCLUDE_CONFIG, exclude);
    }

    public boolean shouldReplicateGroup(String group) {
        return names.accepts(group);
    }
}
