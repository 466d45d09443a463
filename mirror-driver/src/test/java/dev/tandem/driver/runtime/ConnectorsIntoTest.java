package dev.tandem.driver.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.driver.config.ConnectorConfigFactory;
import dev.tandem.driver.config.DriverConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which connectors the driver runs on a target's worker. */
class ConnectorsIntoTest {

    private static DriverConfig config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("clusters", "A, B");
        settings.put("A.bootstrap.servers", "127.0.0.1:1");
        settings.put("B.bootstrap.servers", "127.0.0.1:2");
        settings.put("A->B.enabled", "true");
        settings.putAll(extra);
        return DriverConfig.of("mm2.properties", settings, Set.of());
    }

    private static List<String> into(String target, DriverConfig config) {
        return List.copyOf(
                MirrorMakerRuntime.connectorsInto(target, config.mm2(), new ConnectorConfigFactory(config.mm2()))
                        .keySet());
    }

    @Test
    void shouldRunTheThreeConnectorsOfAFlow() {
        assertEquals(List.of("A->B.source", "A->B.checkpoint", "A->B.heartbeat"), into("B", config(Map.of())));
    }

    @Test
    void shouldRunNoCheckpointConnectorForAFlowWithoutOffsetSyncsAsMirrorMakerDoes() {
        DriverConfig config = config(Map.of("A->B.emit.offset-syncs.enabled", "false"));
        assertEquals(List.of("A->B.source", "A->B.heartbeat"), into("B", config));
    }
}
