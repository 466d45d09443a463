package dev.tandem.common.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.policy.DefaultReplicationPolicy;
import dev.tandem.client.policy.IdentityReplicationPolicy;
import dev.tandem.client.policy.ReplicationPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSelectorTest {

    private static final TopicFilter ALL =
            TopicFilter.of(List.of(".*"), List.of(TopicFilter.TOPICS_EXCLUDE_DEFAULT.split(",")));

    private static TopicSelector selector(String source, String target, TopicFilter filter, boolean heartbeats) {
        ReplicationPolicy policy = new DefaultReplicationPolicy();
        policy.configure(Map.of());
        return new TopicSelector(source, target, policy, filter, heartbeats);
    }

    @Test
    void shouldNotReplicateTopicsBackToTheirSource() {
        TopicSelector bToA = selector("B", "A", ALL, true);
        assertTrue(bToA.shouldReplicate("orders"));
        assertFalse(bToA.shouldReplicate("A.orders"), "A.orders on B came from A");
        assertFalse(bToA.shouldReplicate("A.heartbeats"), "heartbeats from A are not sent back to A");
    }

    @Test
    void shouldNotCloseLongerCycles() {
        // On C, in a ring A->B->C->A: B.A.orders came from A through B; sending it to A or B closes a cycle.
        assertFalse(selector("C", "A", ALL, true).shouldReplicate("B.A.orders"));
        assertFalse(selector("C", "B", ALL, true).shouldReplicate("B.A.orders"));
        assertTrue(selector("C", "D", ALL, true).shouldReplicate("B.A.orders"));
    }

    @Test
    void shouldReplicateAlongAChain() {
        assertTrue(selector("B", "C", ALL, true).shouldReplicate("A.orders"));
        assertEquals("B.A.orders", selector("B", "C", ALL, true).remoteTopic("A.orders"));
    }

    @Test
    void shouldNeverReplicateInternalTopics() {
        TopicSelector aToB = selector("A", "B", TopicFilter.of(List.of(".*"), List.of()), true);
        for (String topic : new String[] {
            "__consumer_offsets",
            "mm2-offset-syncs.B.internal",
            "B.checkpoints.internal",
            "connect-configs",
            "mm2-configs.B.internal",
            "my-connect-offsets-internal"
        }) {
            if (topic.equals("connect-configs")) {
                assertTrue(aToB.shouldReplicate(topic), "a user topic that only looks like Connect's is copied");
            } else {
                assertFalse(aToB.shouldReplicate(topic), topic);
            }
        }
    }

    @Test
    void shouldReplicateHeartbeatsWhateverTopicsSays() {
        TopicFilter onlyOrders = TopicFilter.of(List.of("orders"), List.of());
        assertTrue(selector("A", "B", onlyOrders, true).shouldReplicate("heartbeats"));
        assertTrue(selector("B", "C", onlyOrders, true).shouldReplicate("A.heartbeats"));
        assertFalse(selector("A", "B", onlyOrders, true).shouldReplicate("payments"));
        assertFalse(
                selector("A", "B", ALL, false).shouldReplicate("heartbeats"),
                "heartbeats.replication.enabled=false stops them");
    }

    @Test
    void shouldRespectIncludeAndExclude() {
        TopicFilter filter = TopicFilter.of(List.of("orders.*"), List.of("orders-test"));
        TopicSelector aToB = selector("A", "B", filter, true);
        assertTrue(aToB.shouldReplicate("orders"));
        assertTrue(aToB.shouldReplicate("orders-eu"));
        assertFalse(aToB.shouldReplicate("orders-test"));
    }

    @Test
    void shouldKeepNamesWithIdentityPolicy() {
        ReplicationPolicy identity = new IdentityReplicationPolicy();
        identity.configure(Map.of("source.cluster.alias", "A"));
        TopicSelector aToB = new TopicSelector("A", "B", identity, ALL, true);
        assertTrue(aToB.shouldReplicate("orders"));
        assertEquals("orders", aToB.remoteTopic("orders"));
        assertEquals("A.heartbeats", aToB.remoteTopic("heartbeats"));
        assertFalse(
                aToB.shouldReplicate("B.heartbeats"), "heartbeats keep their prefix, so their loops are still seen");
    }
}
