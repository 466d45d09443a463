package dev.tandem.driver.status;

import dev.tandem.driver.config.ConnectorKind;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.Flow;
import dev.tandem.driver.metrics.ConnectorStates;
import dev.tandem.driver.metrics.MicrometerMirrorMetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code /status} answers: per flow of this process, its connectors' and tasks' states and its figures. */
public final class FlowStatusReport {

    private FlowStatusReport() {
    }

    public static Map<String, Object> of(DriverConfig config, ConnectorStates states, MicrometerMirrorMetrics metrics) {
        Map<String, String> connectorStates = states.connectors();
        Map<String, Map<String, Integer>> taskStates = states.tasks();
        List<Map<String, Object>> flows = new ArrayList<>();
        for (Flow flow : config.mm2().allPairs()) {
            if (!config.targets().contains(flow.target())) {
                continue;
            }
            Map<String, Object> connectors = new LinkedHashMap<>();
            for (ConnectorKind kind : ConnectorKind.values()) {
                String name = flow.connectorName(kind);
                if (connectorStates.containsKey(name)) {
                    Map<String, Object> connector = new LinkedHashMap<>();
                    connector.put("state", connectorStates.get(name));
                    connector.put("tasks", taskStates.getOrDefault(name, Map.of()));
                    connectors.put(kind.suffix(), connector);
                }
            }
            if (connectors.isEmpty()) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flow", flow.toString());
            entry.put("replicating", config.mm2().enabledFlows().contains(flow));
            entry.put("connectors", connectors);
            entry.putAll(metrics.flowFigures(flow.source(), flow.target()));
            flows.add(entry);
        }
        return Map.of("flows", flows);
    }
}
