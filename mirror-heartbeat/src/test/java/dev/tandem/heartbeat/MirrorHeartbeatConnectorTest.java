package dev.tandem.heartbeat;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The heartbeat connector's start when its target does not answer. */
class MirrorHeartbeatConnectorTest {

    /** Nothing listens on the discard port here, so every admin call times out. */
    private static final Map<String, String> UNREACHABLE_TARGET = Map.of(
            "source.cluster.alias", "A",
            "target.cluster.alias", "B",
            "source.cluster.bootstrap.servers", "127.0.0.1:9",
            "target.cluster.bootstrap.servers", "127.0.0.1:9",
            "admin.timeout.ms", "300");

    @Test
    void shouldStartAndOfferItsTaskWhileTheTargetIsUnreachable() {
        MirrorHeartbeatConnector connector = new MirrorHeartbeatConnector();
        try {
            // Failing here made Connect log an ERROR and restart the connector during every target outage.
            assertDoesNotThrow(() -> connector.start(UNREACHABLE_TARGET));
            List<Map<String, String>> tasks = connector.taskConfigs(3);
            assertEquals(1, tasks.size(), "one heartbeat task, whatever tasks.max");
            assertEquals("B", tasks.get(0).get("target.cluster.alias"));
        } finally {
            connector.stop();
        }
    }
}
