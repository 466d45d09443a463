package dev.tandem.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Task states as exported: Connect's, except RUNNING tasks of a flow whose cluster does not answer. */
class ConnectorStatesTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicReference<Set<String>> away = new AtomicReference<>(Set.of());
    private final ConnectorStates states = new ConnectorStates(registry, away::get);

    @Test
    void shouldReportRunningTasksOfAFlowWhoseClusterIsAwayAsWaiting() {
        states.update("A->B.source", "RUNNING", List.of("RUNNING", "RUNNING"));
        states.update("B->A.heartbeat", "RUNNING", List.of("RUNNING"));
        assertTrue(states.allRunning());

        away.set(Set.of("B"));
        states.update("A->B.source", "RUNNING", List.of("RUNNING", "FAILED"));
        states.update("B->A.heartbeat", "RUNNING", List.of("RUNNING"));
        states.update("other", "RUNNING", List.of("RUNNING"));
        assertEquals(Map.of("WAITING", 1, "FAILED", 1), states.tasks().get("A->B.source"));
        assertEquals(Map.of("WAITING", 1), states.tasks().get("B->A.heartbeat"), "B is its source");
        assertEquals(Map.of("RUNNING", 1), states.tasks().get("other"), "not a flow's connector");
        assertFalse(states.allRunning());
        assertTrue(registry.scrape().contains("tandem_tasks{connector=\"A->B.source\",state=\"WAITING\"} 1.0"));

        away.set(Set.of());
        states.update("A->B.source", "RUNNING", List.of("RUNNING", "RUNNING"));
        states.update("B->A.heartbeat", "RUNNING", List.of("RUNNING"));
        assertTrue(states.allRunning(), "RUNNING again once B answers");
    }

    @Test
    void shouldCountTheConnectorsStoppedAndResumedForTheirLostTaskConfigs() {
        states.taskConfigsRewritten("B->A.heartbeat");
        states.taskConfigsRewritten("B->A.heartbeat");
        assertTrue(
                registry.scrape()
                        .contains("tandem_connector_task_configs_rewritten_total{connector=\"B->A.heartbeat\"} 2.0"),
                registry.scrape());
    }
}
