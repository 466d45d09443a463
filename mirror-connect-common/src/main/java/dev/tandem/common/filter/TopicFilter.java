package dev.tandem.common.filter;

import java.util.List;

/**
 * Chooses the topics to replicate. Tandem's own filter reads {@code topics} and {@code topics.exclude} (excludes win
 * over includes); {@code topic.filter.class} may name a MirrorMaker 2 filter instead ({@link Mm2Filters}). Loops,
 * internal topics and heartbeats are decided elsewhere (the replication policy), not here.
 */
@FunctionalInterface
public interface TopicFilter {

    String TOPICS_CONFIG = "topics";
    String TOPICS_DEFAULT = ".*";
    String TOPICS_EXCLUDE_CONFIG = "topics.exclude";
    /** MirrorMaker 2's default: its own internal topics, replica topics and Kafka's internal topics. */
    String TOPICS_EXCLUDE_DEFAULT = "mm2.*\\.internal, .*\\.replica, __.*";

    boolean shouldReplicateTopic(String topic);

    /** The filter of {@code topics} ({@code include}) and {@code topics.exclude}; errors name the bad key. */
    static TopicFilter of(List<String> include, List<String> exclude) {
        NameFilter names = new NameFilter(TOPICS_CONFIG, include, TOPICS_EXCLUDE_CONFIG, exclude);
        return names::accepts;
    }
}
