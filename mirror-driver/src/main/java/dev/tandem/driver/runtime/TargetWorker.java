package dev.tandem.driver.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.driver.metrics.ConnectorStates;
import dev.tandem.driver.security.HttpClientAccess;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;

/**
 * The embedded Kafka Connect distributed worker that runs every flow into one target cluster, and what the driver
 * does with it: create the connectors ({@link ConnectorDeployer}), read their states and restart failed ones through
 * its REST API.
 */
final class TargetWorker implements AutoCloseable {

    private final String target;
    private final Connect<DistributedHerder> connect;
    private final WorkerRest rest;
    private final FailedTaskRestarter restarter; // null: leave failed tasks to the operator
    private final UnaryOperator<String> scrub;
    private final Map<String, Boolean> asksForTasks = new ConcurrentHashMap<>();
    private final LostTaskConfigsRepair repair;

    private TargetWorker(
            String target,
            Connect<DistributedHerder> connect,
            HttpClientAccess access,
            boolean restartFailed,
            UnaryOperator<String> scrub) {
        this.target = target;
        this.connect = connect;
        this.rest = new WorkerRest(connect.rest().advertisedUrl(), access);
        this.restarter =
                restartFailed ? new FailedTaskRestarter(new RestRestarts(rest), System::nanoTime, scrub) : null;
        this.scrub = scrub;
        this.repair = new LostTaskConfigsRepair(
                new RestRepairs(rest), name -> asksForTasks.getOrDefault(name, false), System::nanoTime, scrub);
    }

    /**
     * {@code access} is how the driver calls the worker's REST API; {@code scrub} removes the file's secrets from
     * failure traces before they are logged.
     */
    static TargetWorker start(
            String target,
            Map<String, String> props,
            HttpClientAccess access,
            boolean restartFailed,
            UnaryOperator<String> scrub) {
        try {
            return new TargetWorker(target, new ConnectDistributed().startConnect(props), access, restartFailed, scrub);
        } catch (RuntimeException e) {
            if (hasCause(e, BindException.class)) {
                throw new IllegalStateException(
                        "The REST API of the worker for " + target + " cannot listen on " + props.get("listeners")
                                + rootCause(e) + ". Set 'listeners' to an address of this host and a free port (port 0"
                                + " picks one), e.g. listeners = http://127.0.0.1:0.",
                        e);
            }
            // Connect's own message ("Failed to connect to and describe Kafka cluster") names neither the cluster nor
            // the cause.
            throw new IllegalStateException(
                    "The worker for " + target + " could not start: " + e.getMessage() + rootCause(e)
                            + ". Check " + target + ".bootstrap.servers and " + target + "'s security settings ("
                            + target + ".security.protocol, " + target + ".sasl.*, " + target + ".ssl.*).",
                    e);
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
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

    /** Creates or updates the connectors, {@code first} first (see {@link ConnectorDeployer#deploy}). */
    void deploy(Map<String, Map<String, String>> connectors, Set<String> first, Duration timeout) {
        new ConnectorDeployer(target, connect.herder(), rest, scrub).deploy(connectors, first, timeout);
        // After the deployer, whose validation names a bad key, so the config classes here never meet one first.
        connectors.forEach((name, config) -> asksForTasks.put(name, AsksForTasks.of(config)));
    }

    /**
     * Reads the state of every connector of this worker's group and its tasks into {@code states}, and has the
     * restarter look at those that failed here and the repair at those running here with no task;
     * {@code clusterAnswers} says whether the worker's own cluster answers now.
     */
    void reportStates(ConnectorStates states, boolean clusterAnswers) {
        JsonNode all = rest.connectorsWithStatus();
        List<FailedTaskRestarter.Unit> units = new ArrayList<>();
        List<LostTaskConfigsRepair.Seen> seen = new ArrayList<>();
        all.properties().forEach(entry -> {
            String name = entry.getKey();
            JsonNode status = entry.getValue().path("status");
            JsonNode connector = status.path("connector");
            units.add(new FailedTaskRestarter.Unit(
                    name,
                    FailedTaskRestarter.Unit.CONNECTOR,
                    connector.path("state").asText(),
                    connector.path("worker_id").asText(),
                    connector.path("trace").asText(null)));
            List<String> tasks = new ArrayList<>();
            status.path("tasks").forEach(task -> {
                tasks.add(task.path("state").asText());
                units.add(new FailedTaskRestarter.Unit(
                        name,
                        task.path("id").asInt(),
                        task.path("state").asText(),
                        task.path("worker_id").asText(),
                        task.path("trace").asText(null)));
            });
            states.update(name, connector.path("state").asText(), tasks);
            seen.add(new LostTaskConfigsRepair.Seen(
                    name,
                    connector.path("state").asText(),
                    connector.path("worker_id").asText(),
                    tasks.size()));
        });
        URI self = restUrl();
        String selfId = self.getHost() + ":" + self.getPort();
        if (restarter != null) {
            restarter.review(units, selfId);
        }
        repair.review(seen, selfId, clusterAnswers, states::taskConfigsRewritten);
    }

    /** Restarts through this worker's REST API, which forwards to the worker that runs the task. */
    private record RestRestarts(WorkerRest rest) implements FailedTaskRestarter.Restarts {

        @Override
        public void restartConnector(String connector) {
            rest.restartConnector(connector);
        }

        @Override
        public void restartTask(String connector, int task) {
            rest.restartTask(connector, task);
        }
    }

    /** Stops and resumes through this worker's REST API, which forwards to the leader. */
    private record RestRepairs(WorkerRest rest) implements LostTaskConfigsRepair.Repairs {

        @Override
        public void stopConnector(String connector) {
            rest.stopConnector(connector);
        }

        @Override
        public void resumeConnector(String connector) {
            rest.resumeConnector(connector);
        }
    }

    /** Stops the worker: its tasks stop and commit their offsets. */
    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }
}
