package dev.tandem.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ReplicationPolicyTest {

    private static DefaultReplicationPolicy defaultPolicy(Map<String, ?> configs) {
        DefaultReplicationPolicy policy = new DefaultReplicationPolicy();
        policy.configure(configs);
        return policy;
    }

    @Test
    void shouldPrefixRemoteTopicsWithSourceAlias() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of());
        assertEquals("us-west.orders", policy.formatRemoteTopic("us-west", "orders"));
        assertEquals("us-west", policy.topicSource("us-west.orders"));
        assertEquals("orders", policy.upstreamTopic("us-west.orders"));
        assertEquals("A.orders", policy.upstreamTopic("B.A.orders"));
        assertEquals("orders", policy.originalTopic("C.B.A.orders"));
    }

    @Test
    void shouldTreatTopicsWithoutSeparatorAsLocal() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of());
        assertNull(policy.topicSource("orders"));
        assertNull(policy.upstreamTopic("orders"));
        assertEquals("orders", policy.originalTopic("orders"));
        assertNull(policy.topicSource("orders."), "a trailing separator names no topic");
    }

    @Test
    void shouldUseCustomSeparatorInRemoteAndInternalTopics() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of("replication.policy.separator", "_"));
        assertEquals("A_orders", policy.formatRemoteTopic("A", "orders"));
        assertEquals("A", policy.topicSource("A_orders"));
        assertEquals("mm2-offset-syncs_B_internal", policy.offsetSyncsTopic("B"));
        assertEquals("A_checkpoints_internal", policy.checkpointsTopic("A"));
        assertTrue(policy.isCheckpointsTopic("A_checkpoints_internal"));
        assertTrue(policy.isInternalTopic("mm2-offset-syncs_B_internal"));
    }

    @Test
    void shouldKeepDotInInternalTopicsWhenInternalSeparatorIsDisabled() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of(
                "replication.policy.separator", "_", "replication.policy.internal.topic.separator.enabled", "false"));
        assertEquals("mm2-offset-syncs.B.internal", policy.offsetSyncsTopic("B"));
        assertEquals("A.checkpoints.internal", policy.checkpointsTopic("A"));
        assertEquals("A_orders", policy.formatRemoteTopic("A", "orders"));
    }

    @Test
    void shouldNameInternalTopicsAsMirrorMakerDoes() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of());
        assertEquals("heartbeats", policy.heartbeatsTopic());
        assertEquals("mm2-offset-syncs.B.internal", policy.offsetSyncsTopic("B"));
        assertEquals("A.checkpoints.internal", policy.checkpointsTopic("A"));
    }

    @Test
    void shouldRecogniseInternalTopicsAsMirrorMakerFourDoes() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of());
        for (String internal : new String[] {
            "__consumer_offsets",
            "__transaction_state",
            ".hidden",
            "mm2-offset-syncs.B.internal",
            "A.checkpoints.internal",
            "mm2-configs.A.internal"
        }) {
            assertTrue(policy.isInternalTopic(internal), internal + " is internal");
        }
        // MM2 4.x counts these as ordinary (remote) topics; the source connector still never copies them.
        for (String regular : new String[] {
            "orders",
            "A.orders",
            "heartbeats",
            "A.heartbeats",
            "internal",
            "connect-configs.internal",
            "connect-offsets-internal"
        }) {
            assertFalse(policy.isInternalTopic(regular), regular + " is not internal");
        }
    }

    @Test
    void shouldRecogniseHeartbeatsAtAnyHop() {
        DefaultReplicationPolicy policy = defaultPolicy(Map.of());
        assertTrue(policy.isHeartbeatsTopic("heartbeats"));
        assertTrue(policy.isHeartbeatsTopic("A.heartbeats"));
        assertTrue(policy.isHeartbeatsTopic("B.A.heartbeats"));
        assertFalse(policy.isHeartbeatsTopic("A.orders"));
        assertFalse(policy.isHeartbeatsTopic("heartbeats-archive"));
    }

    @Test
    void shouldKeepNamesWithIdentityPolicyExceptHeartbeats() {
        IdentityReplicationPolicy policy = new IdentityReplicationPolicy();
        policy.configure(Map.of("source.cluster.alias", "A"));
        assertEquals("orders", policy.formatRemoteTopic("A", "orders"));
        assertEquals("A", policy.topicSource("orders"));
        assertEquals("orders", policy.upstreamTopic("orders"));
        assertEquals("orders", policy.originalTopic("orders"));
        assertEquals("A.heartbeats", policy.formatRemoteTopic("A", "heartbeats"));
        assertEquals("A", policy.topicSource("A.heartbeats"));
        assertEquals("heartbeats", policy.upstreamTopic("A.heartbeats"));
    }

    @Test
    void shouldAcceptMirrorMakerClassNames() {
        assertInstanceOf(
                DefaultReplicationPolicy.class,
                ReplicationPolicies.create("org.apache.kafka.connect.mirror.DefaultReplicationPolicy", Map.of()));
        assertInstanceOf(
                IdentityReplicationPolicy.class,
                ReplicationPolicies.create("org.apache.kafka.connect.mirror.IdentityReplicationPolicy", Map.of()));
        assertInstanceOf(
                IdentityReplicationPolicy.class,
                ReplicationPolicies.create(IdentityReplicationPolicy.class.getName(), Map.of()));
    }

    @Test
    void shouldNameTheKeyWhenPolicyClassIsUnknown() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ReplicationPolicies.create("com.example.Nope", Map.of()));
        assertTrue(e.getMessage().contains("replication.policy.class"), e.getMessage());
        assertTrue(e.getMessage().contains("com.example.Nope"), e.getMessage());
        ConfigException notAPolicy =
                assertThrows(ConfigException.class, () -> ReplicationPolicies.create("java.lang.String", Map.of()));
        assertTrue(notAPolicy.getMessage().contains("does not implement"), notAPolicy.getMessage());
    }

    @Test
    void shouldRefuseEmptySeparator() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> defaultPolicy(Map.of("replication.policy.separator", "")));
        assertTrue(e.getMessage().contains("replication.policy.separator"), e.getMessage());
    }
}
