package dev.tandem.client.policy;

import java.util.Map;

/**
 * Keeps topic names unchanged on the target ({@code orders} stays {@code orders}), except heartbeats, which are
 * prefixed as with {@link DefaultReplicationPolicy} so that upstream clusters can still be traced.
 *
 * <p>A remote topic cannot be told from a local one by its name, so loops cannot be detected from names: the
 * flows must not form a cycle. The source of any non-heartbeat topic is the configured {@code source.cluster.alias}.
 */
public class IdentityReplicationPolicy extends DefaultReplicationPolicy {

    public static final String SOURCE_CLUSTER_ALIAS_CONFIG = "source.cluster.alias";

    private String sourceClusterAlias;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object alias = configs.get(SOURCE_CLUSTER_ALIAS_CONFIG);
        sourceClusterAlias = alias == null ? null : alias.toString();
    }

    @Override
    public String formatRemoteTopic(String sourceClusterAlias, String topic) {
        return looksLikeHeartbeats(topic) ? super.formatRemoteTopic(sourceClusterAlias, topic) : topic;
    }

    @Override
    public String topicSource(String topic) {
        return looksLikeHeartbeats(topic) ? super.topicSource(topic) : sourceClusterAlias;
    }

    @Override
    public String upstreamTopic(String topic) {
        return looksLikeHeartbeats(topic) ? super.upstreamTopic(topic) : topic;
    }

    private boolean looksLikeHeartbeats(String topic) {
        return topic != null && topic.endsWith(heartbeatsTopic());
    }
}
