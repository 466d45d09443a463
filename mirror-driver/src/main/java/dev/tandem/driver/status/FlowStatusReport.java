package dev.tandem.driver.status;

import dev.tandem.driver.config.ConnectorKind;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.Flow;
import dev.tandem.driver.metrics.ClusterReachability;
import dev.tandem.driver.metrics.ConnectorStates;
import dev.tandem.driver.metrics.FlowFigures;
import dev.tandem.driver.metrics.MicrometerMirrorMetrics;
import dev.tandem.driver.status.StatusReport.ClusterStatus;
import dev.tandem.driver.status.StatusReport.ConnectorStatus;
import dev.tandem.driver.status.StatusReport.FlowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds what {@code /status} answers: per flow of this process, its connectors' and tasks' states and its figures. */
public final class FlowStatusReport {

    private FlowStatusReport() {}

    public static StatusReport of(
            DriverConfig config,
            ConnectorStates states,
            MicrometerMirrorMetrics metrics,
            ClusterReachability reachability) {
        Map<String, String> connectorStates = states.connectors();
        Map<String, Map<String, Integer>> taskStates = states.tasks();
        List<FlowStatus> flows = new ArrayList<>();
        for (Flow flow : config.mm2().allPairs()) {
            if (!config.targets().contains(flow.target())) {
                continue;
            }
            Map<String, ConnectorStatus> connectors = new LinkedHashMap<>();
            for (ConnectorKind kind : ConnectorKind.values()) {
                String name = flow.connectorName(kind);
                if (connectorStates.containsKey(name)) {
                    connectors.put(
                            kind.suffix(),
                            new ConnectorStatus(connectorStates.get(name), taskStates.getOrDefault(name, Map.of())));
                }
            }
            if (connectors.isEmpty()) {
                continue;
            }
            FlowFigures figures = metrics.flowFigures(flow.source(), flow.target());
            flows.add(new FlowStatus(
                    flow.toString(),
                    config.mm2().enabledFlows().contains(flow),
                    connectors,
                    figures.lagRecords(),
                    figures.lagSeconds(),
                    figures.lastCheckpointAgeSeconds(),
                    figures.heartbeatAgeSeconds(),
                    figures.lostRecords()));
        }
        long now = System.currentTimeMillis();
        List<ClusterStatus> clusters = new ArrayList<>();
        for (ClusterReachability.Reachability state : reachability.states()) {
            clusters.add(new ClusterStatus(
                    state.cluster(),
                    state.reachable(),
                    state.reachable()
                            ? null
                            : Instant.ofEpochMilli(state.unreachableSinceMs()).toString(),
                    state.unreachableSeconds(now)));
        }
        return new StatusReport(flows, clusters);
    }
}
