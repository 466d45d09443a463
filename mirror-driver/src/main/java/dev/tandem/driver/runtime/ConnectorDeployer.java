package dev.tandem.driver.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.distributed.NotLeaderException;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.util.FutureCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or updates the connectors of one embedded worker.
 *
 * <p>It hands them to the worker's herder in-process, as Connect's REST resource does, but without an HTTP round
 * trip: at start the REST API's first request costs about 0.4 s on two cores, all of it on the way to the first
 * copied record. When another worker of the group leads, the herder refuses and the REST API, which forwards to the
 * leader, is used instead.
 */
final class ConnectorDeployer {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDeployer.class);
    private static final long RETRY_MS = 100;
    /** How long the other connectors wait for the first ones' tasks; a source with nothing to copy has none. */
    private static final Duration FIRST_TASKS_WAIT = Duration.ofSeconds(2);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final String target;
    private final DistributedHerder herder;
    private final WorkerRest rest;
    private final UnaryOperator<String> scrub;

    /** {@code scrub} takes the config file's secrets out of the worker's answers before they are logged or thrown. */
    ConnectorDeployer(String target, DistributedHerder herder, WorkerRest rest, UnaryOperator<String> scrub) {
        this.target = target;
        this.herder = herder;
        this.rest = rest;
        this.scrub = scrub;
    }

    /**
     * Creates or updates {@code connectors}, retrying while the worker joins its group (it refuses changes until then).
     *
     * <p>The connectors named in {@code first} go first, and the rest only once those have their tasks (or after
     * {@link #FIRST_TASKS_WAIT}): the herder handles one change at a time, so created together, the source
     * connectors' tasks would wait behind the checkpoint and heartbeat connectors' rebalances and copying would
     * start later.
     */
    void deploy(Map<String, Map<String, String>> connectors, Set<String> first, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Map.Entry<String, Map<String, String>>> ordered = new ArrayList<>();
        connectors.entrySet().stream().filter(c -> first.contains(c.getKey())).forEach(ordered::add);
        connectors.entrySet().stream().filter(c -> !first.contains(c.getKey())).forEach(ordered::add);
        boolean awaited = false;
        for (Map.Entry<String, Map<String, String>> connector : ordered) {
            if (!awaited && !first.contains(connector.getKey())) {
                awaitTasks(first, Math.min(deadline, System.nanoTime() + FIRST_TASKS_WAIT.toNanos()));
                awaited = true;
            }
            while (true) {
                try {
                    put(connector.getKey(), connector.getValue());
                    break;
                } catch (IllegalStateException e) {
                    String answer = scrub.apply(String.valueOf(e.getMessage()));
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Could not create connector " + connector.getKey()
                                + " on the worker" + " for " + target + " within " + timeout + ": " + answer);
                    }
                    log.debug("Worker for {} not ready for {} yet: {}", target, connector.getKey(), answer);
                    pause();
                }
            }
        }
    }

    private void put(String name, Map<String, String> config) {
        Map<String, String> named = new HashMap<>(config);
        named.putIfAbsent("name", name);
        FutureCallback<Herder.Created<ConnectorInfo>> done = new FutureCallback<>();
        herder.putConnectorConfig(name, named, true, done);
        try {
            done.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotLeaderException notLeader && notLeader.forwardUrl() != null) {
                rest.putConnectorConfig(name, config); // forwarded to the leader
                return;
            }
            throw new IllegalStateException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer from the worker within " + CALL_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating connectors", e);
        }
    }

    /** Waits until each of {@code connectors} has tasks, or the deadline (System.nanoTime) passes. */
    private void awaitTasks(Set<String> connectors, long deadline) {
        for (String name : connectors) {
            while (System.nanoTime() < deadline && !hasTasks(name)) {
                pause();
            }
        }
    }

    private boolean hasTasks(String connector) {
        // The worker's own view of the config topic: no leader needed, and it lags the leader by a moment at most.
        ConnectorInfo info = herder.connectorInfo(connector);
        return info != null && !info.tasks().isEmpty();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_MS); // retry pacing while the worker joins its group
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating connectors", e);
        }
    }
}
