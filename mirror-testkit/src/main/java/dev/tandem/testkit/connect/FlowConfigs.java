package dev.tandem.testkit.connect;

import dev.tandem.testkit.kafka.KafkaCluster;

import java.util.HashMap;
import java.util.Map;

/** Connector configs for one flow between two test clusters, as a user would POST them to Connect. */
public final class FlowConfigs {

    public static final String SOURCE_CONNECTOR = "dev.tandem.source.MirrorSourceConnector";

    private FlowConfigs() {
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
    public static Map<String, String> source(KafkaCluster source, KafkaCluster target, String topicsRegex, int tasksMax) {
        Map<String, String> config = common(source, target);
        config.put("connector.class", SOURCE_CONNECTOR);
        config.put("tasks.max", Integer.toString(tasksMax));
        config.put("topics", topicsRegex);
        return config;
    }
}
