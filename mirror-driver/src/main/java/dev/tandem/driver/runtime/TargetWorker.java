package dev.tandem.driver.runtime;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

import java.net.URI;
import java.util.Map;

/** The embedded Kafka Connect distributed worker that runs every flow into one target cluster. */
final class TargetWorker implements AutoCloseable {

    private final String target;
    private final Connect<DistributedHerder> connect;

    private TargetWorker(String target, Connect<DistributedHerder> connect) {
        this.target = target;
        this.connect = connect;
    }

    static TargetWorker start(String target, Map<String, String> props) {
        return new TargetWorker(target, new ConnectDistributed().startConnect(props));
    }

    String target() {
        return target;
    }

    URI restUrl() {
        return connect.rest().advertisedUrl();
    }

    /** Stops the worker: its tasks stop and commit their offsets. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
