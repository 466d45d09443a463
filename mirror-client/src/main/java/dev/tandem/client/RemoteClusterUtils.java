package dev.tandem.client;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One-call helpers on a {@link MirrorClient}, as Apache Kafka's {@code RemoteClusterUtils} offers them; the
 * properties describe the cluster to ask (bootstrap servers, security, replication policy).
 */
public final class RemoteClusterUtils {

    private RemoteClusterUtils() {}

    /** Where {@code group} of {@code remoteClusterAlias} continues on the cluster {@code properties} describe. */
    public static Map<TopicPartition, OffsetAndMetadata> translateOffsets(
            Map<String, Object> properties, String remoteClusterAlias, String group, Duration timeout) {
        try (MirrorClient client = new MirrorClient(properties)) {
            return client.remoteConsumerOffsets(group, remoteClusterAlias, timeout);
        }
    }

    public static int replicationHops(Map<String, Object> properties, String upstreamClusterAlias) {
        try (MirrorClient client = new MirrorClient(properties)) {
            return client.replicationHops(upstreamClusterAlias);
        }
    }

    public static Set<String> upstreamClusters(Map<String, Object> properties) {
        try (MirrorClient client = new MirrorClient(properties)) {
            return client.upstreamClusters();
        }
    }
}
