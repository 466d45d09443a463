package dev.tandem.testkit.connect;

import dev.tandem.testkit.kafka.KafkaCluster;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The settings every test worker shares, in-process or stock: its cluster, its group, and its three topics. */
final class WorkerProperties {

    private WorkerProperties() {}

    /**
     * A distributed worker of group {@code groupId} storing its configs, offsets and status in {@code cluster}, under
     * ".internal" names as MirrorMaker 2's own workers use, so replication flows never copy them.
     */
    static Map<String, String> distributed(KafkaCluster cluster, String groupId) {
        Map<String, String> props = new LinkedHashMap<>();
        cluster.clientConfig().forEach((k, v) -> props.put(k, String.valueOf(v)));
        props.put("group.id", groupId);
        props.put("config.storage.topic", groupId + ".configs.internal");
        props.put("offset.storage.topic", groupId + ".offsets.internal");
        props.put("status.storage.topic", groupId + ".status.internal");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("offset.storage.partitions", "5");
        props.put("status.storage.partitions", "1");
        props.put("offset.flush.interval.ms", "1000");
        props.put("rest.advertised.host.name", "127.0.0.1");
        return props;
    }

    /** A standalone worker: its offsets in {@code offsetsFile}, flushed every second; no group, no internal topics. */
    static Map<String, String> standalone(KafkaCluster cluster, Path offsetsFile) {
        Map<String, String> props = new LinkedHashMap<>();
        cluster.clientConfig().forEach((k, v) -> props.put(k, String.valueOf(v)));
        props.put("offset.storage.file.filename", offsetsFile.toAbsolutePath().toString());
        props.put("offset.flush.interval.ms", "1000");
        props.put("rest.advertised.host.name", "127.0.0.1");
        return props;
    }
}
