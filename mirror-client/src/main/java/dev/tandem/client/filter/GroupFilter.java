package dev.tandem.client.filter;

import java.util.List;

/** Chooses the consumer groups whose offsets are checkpointed, from {@code groups} and {@code groups.exclude}. */
public final class GroupFilter {

    public static final String GROUPS_CONFIG = "groups";
    public static final String GROUPS_DEFAULT = ".*";
    public static final String GROUPS_EXCLUDE_CONFIG = "groups.exclude";
    /** MirrorMaker 2's default: console consumers, Connect's sink connectors' groups and Kafka's own. */
    public static final String GROUPS_EXCLUDE_DEFAULT = "console-consumer-.*, connect-.*, __.*";

    private final RegexList include;
    private final RegexList exclude;

    public GroupFilter(List<String> include, List<String> exclude) {
        this.include = RegexList.compile(GROUPS_CONFIG, include);
        this.exclude = RegexList.compile(GROUPS_EXCLUDE_CONFIG, exclude);
    }

    public boolean shouldReplicateGroup(String group) {
        return include.matches(group) && !exclude.matches(group);
    }
}
