package dev.tandem.testkit.connect;

import dev.tandem.testkit.kafka.KafkaCluster;
import java.util.HashMap;
import java.util.Map;

/** Connector configs for one flow between two test clusters, as a user would POST them to Connect. */
public final class FlowConfigs {

    public static final String SOURCE_CONNECTOR = "dev.tandem.source.MirrorSourceConnector";
    public static final String CHECKPOINT_CONNECTOR = "dev.tandem.checkpoint.MirrorCheckpointConnector";
    public static final String HEARTBEAT_CONNECTOR = "dev.tandem.heartbeat.MirrorHeartbeatConnector";

    private FlowConfigs() {}

    /** The smallest valid connector config of flow A->B, for config tests: aliases and (unreachable) addresses. */
    public static Map<String, String> minimalAToB() {
        Map<String, String> config = new HashMap<>();
        config.put("source.cluster.alias", "A");
        config.put("target.cluster.alias", "B");
        config.put("source.cluster.bootstrap.servers", "127.0.0.1:9092");
        config.put("target.cluster.bootstrap.servers", "127.0.0.1:9093");
        return config;
    }

    /** The keys every connector of a flow needs: aliases and both clusters' addresses. */
    public static Map<String, String> common(KafkaCluster source, KafkaCluster target) {
        Map<String, String> config = new HashMap<>();
        config.put("source.cluster.alias", source.name());
        config.put("target.cluster.alias", target.name());
        source.clientConfig().forEach((k, v) -> config.put("source.cluster." + k, String.valueOf(v)));
        target.clientConfig().forEach((k, v) -> config.put("target.cluster." + k, String.valueOf(v)));
        return config;
    }

    /** A source connector copying the topics matching {@code topicsRegex} from {@code source} to {@code target}. */
    public static Map<String, String> source(
            KafkaCluster source, KafkaCluster target, String topicsRegex, int tasksMax) {
        Map<String, String> config = common(source, target);
        config.put("connector.class", SOURCE_CONNECTOR);
        config.put("tasks.max", Integer.toString(tasksMax));
        config.put("topics", topicsRegex);
        return config;
    }

    /** A checkpoint connector translating the groups matching {@code groupsRegex}, every second. */
    public static Map<String, String> checkpoint(KafkaCluster source, KafkaCluster target, String groupsRegex) {
        Map<String, String> config = common(source, target);
        config.put("connector.class", CHECKPOINT_CONNECTOR);
        config.put("tasks.max", "1");
        config.put("groups", groupsRegex);
        config.put("emit.checkpoints.interval.seconds", "1");
        config.put("refresh.groups.interval.seconds", "1");
        return config;
    }

    /** A heartbeat connector for the flow, one heartbeat a second. */
    public static Map<String, String> heartbeat(KafkaCluster source, KafkaCluster target) {
        Map<String, String> config = common(source, target);
        config.remove("source.cluster.bootstrap.servers");
        config.put("connector.class", HEARTBEAT_CONNECTOR);
        config.put("tasks.max", "1");
        return config;
    }
}
