package dev.tandem.driver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The states of the driver's connectors and tasks as gauges: {@code tandem_connector_state{connector,state}} is 1 for
 * the connector's current state and 0 for the others; {@code tandem_tasks{connector,state}} counts tasks per state.
 */
public final class ConnectorStates {

    public static final List<String> STATES =
            List.of("RUNNING", "PAUSED", "STOPPED", "FAILED", "UNASSIGNED", "RESTARTING");

    private final MeterRegistry registry;
    private final Map<String, String> connectorState = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> taskStates = new ConcurrentHashMap<>();

    public ConnectorStates(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Records the latest status of a connector: its state and its tasks' states. */
    public void update(String connector, String state, List<String> tasks) {
        if (connectorState.put(connector, state) == null) {
            for (String s : STATES) {
                Gauge.builder(
                                MicrometerMirrorMetrics.PREFIX + "connector.state",
                                connectorState,
                                m -> s.equals(m.get(connector)) ? 1 : 0)
                        .description("1 for the connector's current state, 0 otherwise")
                        .tags(Tags.of("connector", connector, "state", s))
                        .register(registry);
                Gauge.builder(
                                MicrometerMirrorMetrics.PREFIX + "tasks",
                                taskStates,
                                m -> m.getOrDefault(connector, Map.of()).getOrDefault(s, 0))
                        .description("Tasks of the connector in this state")
                        .tags(Tags.of("connector", connector, "state", s))
                        .register(registry);
            }
        }
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        tasks.forEach(t -> counts.merge(t, 1, Integer::sum));
        taskStates.put(connector, counts);
    }

    /** True when every known connector and task is RUNNING. */
    public boolean allRunning() {
        return !connectorState.isEmpty()
                && connectorState.values().stream().allMatch("RUNNING"::equals)
                && taskStates.values().stream()
                        .allMatch(m -> m.keySet().stream().allMatch("RUNNING"::equals));
    }

    public Map<String, String> connectors() {
        return Map.copyOf(connectorState);
    }

    public Map<String, Map<String, Integer>> tasks() {
        return Map.copyOf(taskStates);
    }
}
