package dev.tandem.common.filter;

import java.util.List;

/**
 * Chooses the topics to replicate from {@code topics} and {@code topics.exclude}; excludes win over includes.
 * Loops, internal topics and heartbeats are decided elsewhere (the replication policy), not here.
 */
public final class TopicFilter {

    public static final String TOPICS_CONFIG = "topics";
    public static final String TOPICS_DEFAULT = ".*";
    public static final String TOPICS_EXCLUDE_CONFIG = "topics.exclude";
    /** MirrorMaker 2's default: its own internal topics, replica topics and Kafka's internal topics. */
    public static final String TOPICS_EXCLUDE_DEFAULT = "mm2.*\\.internal, .*\\.replica, __.*";

    private final NameFilter names;

    public TopicFilter(List<String> include, List<String> exclude) {
        this.names = new NameFilter(TOPICS_CONFIG, include, TOPICS_EXCLUDE_CONFIG, exclude);
    }

    public boolean shouldReplicateTopic(String topic) {
        return names.accepts(topic);
    }
}
