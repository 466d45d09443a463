package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.heartbeat.MirrorHeartbeatConfig;
import dev.tandem.heartbeat.MirrorHeartbeatConnector;
import dev.tandem.testkit.connect.FlowConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

class CheckpointAndHeartbeatConfigTest {

    private static Map<String, String> valid() {
        return FlowConfigs.minimalAToB();
    }

    @Test
    void shouldDocumentEveryKey() {
        for (ConfigDef def :
                new ConfigDef[] {MirrorCheckpointConfig.configDefinition(), new MirrorHeartbeatConnector().config()}) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                assertTrue(
                        key.documentation != null && key.documentation.length() > 20, key.name + " has documentation");
            }
        }
    }

    @Test
    void shouldUseTandemDefaultsAndMirrorMakerNames() {
        MirrorCheckpointConfig config = new MirrorCheckpointConfig(valid());
        assertEquals(Duration.ofSeconds(5), config.emitCheckpointsInterval());
        assertEquals(Duration.ofSeconds(5), config.syncGroupOffsetsInterval());
        assertEquals(Duration.ofSeconds(5), config.refreshGroupsInterval());
        assertFalse(config.syncGroupOffsetsEnabled(), "off by default, as in MM2");
        assertEquals("A.checkpoints.internal", config.checkpointsTopic());
        assertEquals("mm2-offset-syncs.B.internal", config.forwardOffsetSyncsTopic());
        assertEquals("mm2-offset-syncs.A.internal", config.reverseOffsetSyncsTopic());
        assertTrue(config.groupFilter().shouldReplicateGroup("orders-service"));
        assertFalse(config.groupFilter().shouldReplicateGroup("console-consumer-123"));
        MirrorHeartbeatConfig heartbeat = new MirrorHeartbeatConfig(valid());
        assertEquals(Duration.ofSeconds(1), heartbeat.emitHeartbeatsInterval());
        assertEquals("heartbeats", heartbeat.heartbeatsTopic());
    }

    @Test
    void shouldNameBadKeys() {
        Map<String, String> props = valid();
        props.put("groups", "ok, (unclosed");
        props.put("emit.checkpoints.interval.seconds", "0");
        Map<String, ConfigValue> values = MirrorCheckpointConfig.validate(props);
        assertFalse(values.get("groups").errorMessages().isEmpty());
        assertFalse(
                values.get("emit.checkpoints.interval.seconds").errorMessages().isEmpty());
        Map<String, String> heartbeat = valid();
        heartbeat.remove("source.cluster.bootstrap.servers");
        assertTrue(
                MirrorHeartbeatConfig.validate(heartbeat).values().stream()
                        .allMatch(v -> v.errorMessages().isEmpty()),
                "heartbeats need only the target cluster");
    }

    @Test
    void shouldRefuseToRunWithoutOffsetSyncsAsMirrorMakerDoes() {
        Map<String, String> props = valid();
        props.put("emit.offset-syncs.enabled", "false");
        Map<String, ConfigValue> values = MirrorCheckpointConfig.validate(props);
        List<String> errors = values.get("emit.offset-syncs.enabled").errorMessages();
        assertEquals(1, errors.size(), values.toString());
        assertTrue(errors.get(0).contains("cannot translate offsets without offset syncs"), errors.get(0));

        props.put("emit.checkpoints.enabled", "false"); // and no group offset sync: nothing to translate
        assertTrue(MirrorCheckpointConfig.validate(props).values().stream()
                .allMatch(v -> v.errorMessages().isEmpty()));
    }

    /** KIP-875 offsets through Connect's REST API: only offset 0 or a reset, with MirrorMaker 2's partition keys. */
    @Test
    void shouldTakeOnlyZeroOrResetOffsetsAsMirrorMakerDoes() {
        MirrorCheckpointConnector checkpoints = new MirrorCheckpointConnector();
        Map<String, Object> group = Map.of("group", "billing", "topic", "orders", "partition", 0);
        assertTrue(checkpoints.alterOffsets(Map.of(), offsets(group, Map.of("offset", 0))));
        assertTrue(checkpoints.alterOffsets(Map.of(), offsets(group, null)), "a reset");
        String refused = assertThrows(
                        ConnectException.class,
                        () -> checkpoints.alterOffsets(Map.of(), offsets(group, Map.of("offset", 10))))
                .getMessage();
        assertTrue(refused.contains("only {\"offset\": 0} or null"), refused);
        refused = assertThrows(
                        ConnectException.class,
                        () -> checkpoints.alterOffsets(
                                Map.of(),
                                offsets(
                                        Map.of("group", "billing", "topic", "orders", "partition", -1),
                                        Map.of("offset", 0))))
                .getMessage();
        assertTrue(refused.contains("\"partition\" -1"), refused);

        MirrorHeartbeatConnector heartbeats = new MirrorHeartbeatConnector();
        Map<String, Object> flow = Map.of("sourceClusterAlias", "A", "targetClusterAlias", "B");
        assertTrue(heartbeats.alterOffsets(Map.of(), offsets(flow, Map.of("offset", 0L))));
        refused = assertThrows(
                        ConnectException.class,
                        () -> heartbeats.alterOffsets(
                                Map.of(), offsets(Map.of("sourceClusterAlias", "A"), Map.of("offset", 0))))
                .getMessage();
        assertTrue(refused.contains("\"targetClusterAlias\" missing"), refused);
    }

    private static Map<Map<String, ?>, Map<String, ?>> offsets(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new java.util.HashMap<>();
        offsets.put(partition, offset);
        return offsets;
    }
}
