package dev.tandem.client.policy;

import java.util.Map;
import org.apache.kafka.common.Configurable;

/**
 * Decides how topics are named on the clusters they are replicated to, and which topics are remote or internal.
 *
 * <p>Same contract as MirrorMaker 2's {@code org.apache.kafka.connect.mirror.ReplicationPolicy}, so the
 * names Tandem gives topics are the names MM2 would give them and MM2's client library reads them.
 */
public interface ReplicationPolicy extends Configurable {

    String HEARTBEATS_TOPIC = "heartbeats";

    /** The name {@code topic} from cluster {@code sourceClusterAlias} gets on the target, e.g. {@code us-west.orders}. */
    String formatRemoteTopic(String sourceClusterAlias, String topic);

    /** The alias of the cluster a remote topic came from, e.g. {@code us-west} for {@code us-west.orders}; null when not remote. */
    String topicSource(String topic);

    /** The topic's name one hop upstream, which may itself be remote; null when not remote. */
    String upstreamTopic(String topic);

    /** The topic's name on the cluster it was first written to, through any number of hops. */
    default String originalTopic(String topic) {
        String upstream = upstreamTopic(topic);
        if (upstream == null || upstream.equals(topic)) {
            return topic;
        }
        return originalTopic(upstream);
    }

    default String heartbeatsTopic() {
        return HEARTBEATS_TOPIC;
    }

    /** Where the offset syncs of flows into {@code clusterAlias} are written. */
    default String offsetSyncsTopic(String clusterAlias) {
        return "mm2-offset-syncs." + clusterAlias + ".internal";
    }

    /** Where checkpoints of groups from {@code clusterAlias} are written, on the target cluster. */
    default String checkpointsTopic(String clusterAlias) {
        return clusterAlias + ".checkpoints.internal";
    }

    /**
     * Where the source tasks of flows from {@code sourceAlias} record how far each partition is replicated, on the
     * target cluster (Tandem's own topic; the failover drill reads it when the source is gone).
     */
    default String positionsTopic(String sourceAlias) {
        return "tandem-positions." + sourceAlias + ".internal";
    }

    /**
     * Where the source connectors of flows from {@code sourceAlias} keep which task copies which partition, on the
     * target cluster (Tandem's own topic, compacted, one record per source topic and connector).
     */
    default String assignmentsTopic(String sourceAlias) {
        return "tandem-assignments." + sourceAlias + ".internal";
    }

    /** True for {@code heartbeats} and any remote copy of it ({@code A.heartbeats}, {@code B.A.heartbeats}). */
    default boolean isHeartbeatsTopic(String topic) {
        return heartbeatsTopic().equals(originalTopic(topic));
    }

    default boolean isCheckpointsTopic(String topic) {
        return topic.endsWith(".checkpoints.internal");
    }

    /** MirrorMaker's own bookkeeping topics: offset syncs and checkpoints. */
    default boolean isMM2InternalTopic(String topic) {
        return topic.startsWith("mm2") && topic.endsWith(".internal") || isCheckpointsTopic(topic);
    }

    /**
     * MirrorMaker's own topics, Kafka's ({@code __consumer_offsets}, {@code __transaction_state}) and hidden ones
     * starting with a dot: exactly MM2 4.x's definition, so {@code MirrorClient} answers as MM2's does. The source
     * connector excludes more (see {@code TopicSelector}).
     */
    default boolean isInternalTopic(String topic) {
        return isMM2InternalTopic(topic) || topic.startsWith("__") || topic.startsWith(".");
    }

    @Override
    default void configure(Map<String, ?> configs) {}
}
