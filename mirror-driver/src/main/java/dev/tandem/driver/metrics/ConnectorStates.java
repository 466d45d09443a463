package dev.tandem.driver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The states of the driver's connectors and tasks as gauges: {@code tandem_connector_state{connector,state}} is 1 for
 * the connector's current state and 0 for the others; {@code tandem_tasks{connector,state}} counts tasks per state.
 *
 * <p>A task Connect calls RUNNING whose flow's source or target cluster does not answer is reported {@value #WAITING}:
 * Connect keeps such tasks RUNNING while they wait, so an alert on tasks not RUNNING would otherwise stay silent for
 * the whole outage.
 */
public final class ConnectorStates {

    /** Running in Connect's eyes, but a cluster of its flow does not answer: it copies nothing meanwhile. */
    public static final String WAITING = "WAITING";

    public static final List<String> STATES =
            List.of("RUNNING", "PAUSED", "STOPPED", "FAILED", "UNASSIGNED", "RESTARTING", WAITING);

    /** A connector the driver deploys: {@code <source>-><target>.<kind>}. */
    private static final Pattern FLOW_CONNECTOR = Pattern.compile("(.+)->(.+)\\.(source|checkpoint|heartbeat)");

    private final MeterRegistry registry;
    private final Supplier<Set<String>> unreachableClusters;
    private final Map<String, String> connectorState = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> taskStates = new ConcurrentHashMap<>();

    /** {@code unreachableClusters} gives the aliases of the clusters that do not answer now. */
    public ConnectorStates(MeterRegistry registry, Supplier<Set<String>> unreachableClusters) {
        this.registry = registry;
        this.unreachableClusters = unreachableClusters;
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
        boolean waiting = waitsForACluster(connector);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        tasks.forEach(t -> counts.merge(waiting && "RUNNING".equals(t) ? WAITING : t, 1, Integer::sum));
        taskStates.put(connector, counts);
    }

    private boolean waitsForACluster(String connector) {
        Matcher flow = FLOW_CONNECTOR.matcher(connector);
        if (!flow.matches()) {
            return false;
        }
        Set<String> away = unreachableClusters.get();
        return !away.isEmpty() && (away.contains(flow.group(1)) || away.contains(flow.group(2)));
    }

    /**
     * Counts a stop and resume of {@code connector} by the driver, to have Connect write the task configs it lost
     * ({@code tandem_connector_task_configs_rewritten_total}): an alert on it says a connector ran without tasks.
     */
    public void taskConfigsRewritten(String connector) {
        Counter.builder(MicrometerMirrorMetrics.PREFIX + "connector.task.configs.rewritten")
                .description("Times the driver stopped and resumed the connector because Connect listed no task for it")
                .tags(Tags.of("connector", connector))
                .register(registry)
                .increment();
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
