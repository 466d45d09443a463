package dev.tandem.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the driver adds to or keeps out of its connectors' configs. */
class ConnectorConfigFactoryTest {

    private static final Flow A_TO_B = new Flow("A", "B");

    private static Map<String, String> connector(ConnectorKind kind, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "clusters", "A, B",
                "A.bootstrap.servers", "127.0.0.1:1",
                "B.bootstrap.servers", "127.0.0.1:2",
                "A->B.enabled", "true"));
        settings.putAll(extra);
        MirrorMakerConfig mm2 =
                DriverConfig.of("mm2.properties", settings, Set.of()).mm2();
        return new ConnectorConfigFactory(mm2).connector(A_TO_B, kind).values();
    }

    @Test
    void shouldKeepTheWorkersListenerSettingsFromTheConnectors() {
        Map<String, String> values = connector(
                ConnectorKind.SOURCE,
                Map.of(
                        "listeners", "https://127.0.0.1:8443",
                        "listeners.https.ssl.keystore.password", "secret",
                        "rest.advertised.host.name", "host1"));
        assertFalse(
                values.keySet().stream().anyMatch(k -> k.startsWith("listeners") || k.startsWith("rest.")),
                values.toString());
    }

    @Test
    void shouldCommitOneTransactionPerOffsetFlushWithExactlyOnce() {
        Map<String, String> eo = Map.of("exactly.once.source.support", "enabled");
        assertEquals("interval", connector(ConnectorKind.SOURCE, eo).get("transaction.boundary"));
        assertNull(connector(ConnectorKind.SOURCE, Map.of()).get("transaction.boundary"), "no transactions");
        assertNull(connector(ConnectorKind.CHECKPOINT, eo).get("transaction.boundary"), "only the copies");
        Map<String, String> asked = new HashMap<>(eo);
        asked.put("A->B.transaction.boundary", "poll");
        assertEquals("poll", connector(ConnectorKind.SOURCE, asked).get("transaction.boundary"), "the user's choice");
    }
}
