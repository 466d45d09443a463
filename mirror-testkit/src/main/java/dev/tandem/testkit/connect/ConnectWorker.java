package dev.tandem.testkit.connect;

import dev.tandem.testkit.kafka.ExitGuard;
import dev.tandem.testkit.kafka.KafkaCluster;
import java.net.URI;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * A real Kafka Connect distributed worker (connect-runtime) in this JVM, storing its configs, offsets and status in
 * {@code cluster}, with its REST API on 127.0.0.1 at a free port. Plugins are found on the class path through their
 * service manifests; converters are ByteArrayConverter, as MirrorMaker 2's workers use.
 */
public final class ConnectWorker implements AutoCloseable {

    private final Connect<DistributedHerder> connect;
    private final ConnectRestClient rest;

    private ConnectWorker(Connect<DistributedHerder> connect) {
        this.connect = connect;
        this.rest = new ConnectRestClient(connect.rest().advertisedUrl());
    }

    /** Starts a worker of group {@code groupId}; workers started with the same group share their connectors. */
    public static ConnectWorker start(KafkaCluster cluster, String groupId, Map<String, String> overrides) {
        ExitGuard.install();
        Map<String, String> props = WorkerProperties.distributed(cluster, groupId);
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("listeners", "http://127.0.0.1:0");
        props.put("plugin.discovery", "service_load");
        props.put("scheduled.rebalance.max.delay.ms", "5000");
        props.put("connector.client.config.override.policy", "All");
        props.putAll(overrides);
        Connect<DistributedHerder> connect = new ConnectDistributed().startConnect(props);
        return new ConnectWorker(connect);
    }

    public ConnectRestClient rest() {
        return rest;
    }

    public URI url() {
        return connect.rest().advertisedUrl();
    }

    /** Stops the worker gracefully: tasks stop and commit their offsets. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
