package dev.tandem.driver.runtime;

import dev.tandem.driver.metrics.ConnectorStates;
import dev.tandem.testkit.connect.ConnectRestClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The embedded Kafka Connect distributed worker that runs every flow into one target cluster, and what the driver
 * does through its REST API: create the connectors (forwarded to the group's leader) and read their states.
 */
final class TargetWorker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TargetWorker.class);
    private static final long RETRY_MS = 100;

    private final String target;
    private final Connect<DistributedHerder> connect;
    private final ConnectRestClient rest;
    private final FailedTaskRestarter restarter; // null: leave failed tasks to the operator

    private TargetWorker(String target, Connect<DistributedHerder> connect, boolean restartFailed, UnaryOperator<String> scrub) {
        this.target = target;
        this.connect = connect;
        this.rest = new ConnectRestClient(connect.rest().advertisedUrl());
        this.restarter = restartFailed ? new FailedTaskRestarter(new RestRestarts(rest), System::nanoTime, scrub) : null;
    }

    /** {@code scrub} removes the file's secrets from failure traces before they are logged. */
    static TargetWorker start(String target, Map<String, String> props, boolean restartFailed, UnaryOperator<String> scrub) {
        try {
            return new TargetWorker(target, new ConnectDistributed().startConnect(props), restartFailed, scrub);
        } catch (RuntimeException e) {
            // Connect's own message ("Failed to connect to and describe Kafka cluster") names neither the cluster nor the cause.
            throw new IllegalStateException("The worker for " + target + " could not start: " + e.getMessage() + rootCause(e)
                    + ". Check " + target + ".bootstrap.servers and " + target + "'s security settings ("
                    + target + ".security.protocol, " + target + ".sasl.*, " + target + ".ssl.*).", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    String target() {
        return target;
    }

    URI restUrl() {
        return connect.rest().advertisedUrl();
    }

    /** Creates or updates the connectors; the worker refuses (409, 5xx) until it has joined its group, so retry. */
    void deploy(Map<String, Map<String, String>> connectors, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, Map<String, String>> connector : connectors.entrySet()) {
            while (true) {
                try {
                    rest.putConnector(connector.getKey(), connector.getValue());
                    break;
                } catch (IllegalStateException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Could not create connector " + connector.getKey() + " on the worker"
                                + " for " + target + " within " + timeout + ": " + e.getMessage(), e);
                    }
                    log.debug("Worker for {} not ready for {} yet: {}", target, connector.getKey(), e.getMessage());
                    pause();
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MS); // retry pacing while the worker joins its group
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating connectors", e);
        }
    }

    /**
     * Reads the state of every connector of this worker's group and its tasks into {@code states}, and has the
     * restarter look at those that failed here.
     */
    void reportStates(ConnectorStates states) {
        JsonNode all = rest.call("GET", "/connectors?expand=status", null, 200);
        List<FailedTaskRestarter.Unit> units = new ArrayList<>();
        all.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode status = entry.getValue().path("status");
            JsonNode connector = status.path("connector");
            units.add(new FailedTaskRestarter.Unit(name, FailedTaskRestarter.Unit.CONNECTOR, connector.path("state").asText(),
                    connector.path("worker_id").asText(), connector.path("trace").asText(null)));
            List<String> tasks = new ArrayList<>();
            status.path("tasks").forEach(task -> {
                tasks.add(task.path("state").asText());
                units.add(new FailedTaskRestarter.Unit(name, task.path("id").asInt(), task.path("state").asText(),
                        task.path("worker_id").asText(), task.path("trace").asText(null)));
            });
            states.update(name, connector.path("state").asText(), tasks);
        });
        if (restarter != null) {
            URI self = restUrl();
            restarter.review(units, self.getHost() + ":" + self.getPort());
        }
    }

    /** Restarts through this worker's REST API, which forwards to the worker that runs the task. */
    private record RestRestarts(ConnectRestClient rest) implements FailedTaskRestarter.Restarts {

        @Override
        public void restartConnector(String connector) {
            rest.call("POST", "/connectors/" + ConnectRestClient.encode(connector) + "/restart", null, 200, 202, 204);
        }

        @Override
        public void restartTask(String connector, int task) {
            rest.call("POST", "/connectors/" + ConnectRestClient.encode(connector) + "/tasks/" + task + "/restart", null, 200, 202, 204);
        }
    }

    /** Stops the worker: its tasks stop and commit their offsets. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
