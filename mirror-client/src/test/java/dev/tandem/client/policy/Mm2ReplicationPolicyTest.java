package dev.tandem.client.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy written for MM2 answers through Tandem's interface exactly as MM2 would call it. */
class Mm2ReplicationPolicyTest {

    /** A user's policy as many are written: MM2's default one with its own separator. */
    public static class UnderscorePolicy extends org.apache.kafka.connect.mirror.DefaultReplicationPolicy {
        @Override
        public void configure(Map<String, ?> props) {
            super.configure(Map.of("replication.policy.separator", "_"));
        }
    }

    @Test
    void shouldAnswerEveryQuestionAsTheUsersMm2PolicyDoes() {
        ReplicationPolicy policy = ReplicationPolicies.create(UnderscorePolicy.class.getName(), Map.of());
        org.apache.kafka.connect.mirror.ReplicationPolicy mm2 = new UnderscorePolicy();
        ((UnderscorePolicy) mm2).configure(Map.of());
        assertEquals("A_orders", policy.formatRemoteTopic("A", "orders"));
        for (String topic : List.of(
                "orders",
                "A_orders",
                "B_A_orders",
                "heartbeats",
                "A_heartbeats",
                "__consumer_offsets",
                "mm2-offset-syncs_B_internal",
                "A_checkpoints_internal",
                "A.checkpoints.internal")) {
            assertEquals(mm2.topicSource(topic), policy.topicSource(topic), topic);
            assertEquals(mm2.upstreamTopic(topic), policy.upstreamTopic(topic), topic);
            assertEquals(mm2.originalTopic(topic), policy.originalTopic(topic), topic);
            assertEquals(mm2.isHeartbeatsTopic(topic), policy.isHeartbeatsTopic(topic), topic);
            assertEquals(mm2.isCheckpointsTopic(topic), policy.isCheckpointsTopic(topic), topic);
            assertEquals(mm2.isMM2InternalTopic(topic), policy.isMM2InternalTopic(topic), topic);
            assertEquals(mm2.isInternalTopic(topic), policy.isInternalTopic(topic), topic);
        }
        assertEquals(mm2.offsetSyncsTopic("B"), policy.offsetSyncsTopic("B"));
        assertEquals(mm2.checkpointsTopic("A"), policy.checkpointsTopic("A"));
        assertEquals(mm2.heartbeatsTopic(), policy.heartbeatsTopic());
        assertNull(policy.topicSource("orders"));
        assertTrue(policy.isHeartbeatsTopic("B_A_heartbeats"));
        assertFalse(policy.isInternalTopic("A_orders"));
        assertEquals("tandem-positions.A.internal", policy.positionsTopic("A"), "Tandem's own topics keep their names");
    }
}
