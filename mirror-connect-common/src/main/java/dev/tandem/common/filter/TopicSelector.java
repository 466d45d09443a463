package dev.tandem.common.filter;

import dev.tandem.client.policy.ReplicationPolicy;

/**
 * Decides which source topics a flow copies, and what they are called on the target.
 *
 * <p>Never copied: internal topics (Kafka's, MirrorMaker's, and anything named {@code *.internal} or
 * {@code *-internal}, the names Kafka Connect workers and MM2 give their own topics), and any topic whose chain of source
 * aliases already contains the target ({@code A.orders} is not sent back to A, and {@code B.A.orders} never reaches
 * A or B), which is what stops loops in active/active and in chains. Heartbeats topics are copied whatever
 * {@code topics} says while {@code heartbeats.replication.enabled}, so every cluster can trace its upstreams.
 */
public final class TopicSelector {

    private final String sourceAlias;
    private final String targetAlias;
    private final ReplicationPolicy policy;
    private final TopicFilter filter;
    private final boolean replicateHeartbeats;

    public TopicSelector(
            String sourceAlias,
            String targetAlias,
            ReplicationPolicy policy,
            TopicFilter filter,
            boolean replicateHeartbeats) {
        this.sourceAlias = sourceAlias;
        this.targetAlias = targetAlias;
        this.policy = policy;
        this.filter = filter;
        this.replicateHeartbeats = replicateHeartbeats;
    }

    public boolean shouldReplicate(String topic) {
        if (policy.isInternalTopic(topic) || isWorkerInternal(topic) || isCycle(topic)) {
            return false;
        }
        if (policy.isHeartbeatsTopic(topic)) {
            return replicateHeartbeats;
        }
        return filter.shouldReplicateTopic(topic);
    }

    /** Connect's and MM2's conventions for workers' config, offset and status topics; MM2 itself would copy them. */
    private static boolean isWorkerInternal(String topic) {
        return topic.endsWith(".internal") || topic.endsWith("-internal");
    }

    public String remoteTopic(String sourceTopic) {
        return policy.formatRemoteTopic(sourceAlias, sourceTopic);
    }

    /** True when the target already appears among the clusters this topic passed through. */
    public boolean isCycle(String topic) {
        String current = topic;
        while (current != null) {
            String source = policy.topicSource(current);
            if (source == null) {
                return false;
            }
            if (source.equals(targetAlias)) {
                return true;
            }
            String upstream = policy.upstreamTopic(current);
            if (upstream == null || upstream.equals(current)) {
                return false; // identity naming: nothing further to learn from the name
            }
            current = upstream;
        }
        return false;
    }
}
