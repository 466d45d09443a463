package dev.tandem.common.filter;

import java.util.List;

/**
 * Chooses the consumer groups whose offsets are checkpointed. Tandem's own filter reads {@code groups} and
 * {@code groups.exclude}; {@code group.filter.class} may name a MirrorMaker 2 filter instead ({@link Mm2Filters}).
 */
@FunctionalInterface
public interface GroupFilter {

    String GROUPS_CONFIG = "groups";
    String GROUPS_DEFAULT = ".*";
    String GROUPS_EXCLUDE_CONFIG = "groups.exclude";
    /** MirrorMaker 2's default: console consumers, Connect's sink connectors' groups and Kafka's own. */
    String GROUPS_EXCLUDE_DEFAULT = "console-consumer-.*, connect-.*, __.*";

    boolean shouldReplicateGroup(String group);

    /** The filter of {@code groups} ({@code include}) and {@code groups.exclude}; errors name the bad key. */
    static GroupFilter of(List<String> include, List<String> exclude) {
        NameFilter names = new NameFilter(GROUPS_CONFIG, include, GROUPS_EXCLUDE_CONFIG, exclude);
        return names::accepts;
    }
}
