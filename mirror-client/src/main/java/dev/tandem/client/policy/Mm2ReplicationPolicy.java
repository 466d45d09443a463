package dev.tandem.client.policy;

import dev.tandem.client.mm2.Mm2Plugin;
import java.util.Map;

/**
 * A replication policy written for MirrorMaker 2 ({@code org.apache.kafka.connect.mirror.ReplicationPolicy}), seen as
 * Tandem's. Every question MM2's interface can answer goes to the user's class, its default methods included, so
 * topics get the names MM2 would give them; only Tandem's own topics (positions, assignments) keep Tandem's names.
 */
final class Mm2ReplicationPolicy implements ReplicationPolicy {

    static final String INTERFACE = Mm2Plugin.MM2_PACKAGE + "ReplicationPolicy";

    private final Mm2Plugin policy;

    private Mm2ReplicationPolicy(Mm2Plugin policy) {
        this.policy = policy;
    }

    /** Loads and configures the user's class (MM2 configures a policy that is {@code Configurable}). */
    static Mm2ReplicationPolicy load(String className, Map<String, ?> configs) {
        return new Mm2ReplicationPolicy(
                Mm2Plugin.load(ReplicationPolicies.CLASS_CONFIG, className, INTERFACE, configs));
    }

    @Override
    public String formatRemoteTopic(String sourceClusterAlias, String topic) {
        return (String) policy.call("formatRemoteTopic", sourceClusterAlias, topic);
    }

    @Override
    public String topicSource(String topic) {
        return (String) policy.call("topicSource", topic);
    }

    @Override
    public String upstreamTopic(String topic) {
        return (String) policy.call("upstreamTopic", topic);
    }

    @Override
    public String originalTopic(String topic) {
        return (String) policy.call("originalTopic", topic);
    }

    @Override
    public String heartbeatsTopic() {
        return (String) policy.call("heartbeatsTopic");
    }

    @Override
    public String offsetSyncsTopic(String clusterAlias) {
        return (String) policy.call("offsetSyncsTopic", clusterAlias);
    }

    @Override
    public String checkpointsTopic(String clusterAlias) {
        return (String) policy.call("checkpointsTopic", clusterAlias);
    }

    @Override
    public boolean isHeartbeatsTopic(String topic) {
        return policy.test("isHeartbeatsTopic", topic);
    }

    @Override
    public boolean isCheckpointsTopic(String topic) {
        return policy.test("isCheckpointsTopic", topic);
    }

    @Override
    public boolean isMM2InternalTopic(String topic) {
        return policy.test("isMM2InternalTopic", topic);
    }

    @Override
    public boolean isInternalTopic(String topic) {
        return policy.test("isInternalTopic", topic);
    }

    @Override
    public String toString() {
        return policy.className() + " (MirrorMaker 2 policy)";
    }
}
