package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.policy.DefaultReplicationPolicy;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Active/active A<->B plus a chain B->C, all flows copying every topic: records reach each cluster once per path,
 * and no topic ever travels back to a cluster it came through.
 */
class ActiveActiveAndChainIT {

    private static final int RECORDS = 3_000;
    private final DefaultReplicationPolicy policy = new DefaultReplicationPolicy();

    @Test
    void shouldNeverLoopAndDeliverOncePerPath() {
        try (KafkaClusters clusters = KafkaClusters.start("A", "B", "C")) {
            KafkaCluster a = clusters.get("A");
            KafkaCluster b = clusters.get("B");
            KafkaCluster c = clusters.get("C");
            try (KafkaTestClient onA = new KafkaTestClient(a);
                    KafkaTestClient onB = new KafkaTestClient(b);
                    KafkaTestClient onC = new KafkaTestClient(c);
                    ConnectWorker intoA = ConnectWorker.start(a, "tandem-it-A", Map.of());
                    ConnectWorker intoB = ConnectWorker.start(b, "tandem-it-B", Map.of());
                    ConnectWorker intoC = ConnectWorker.start(c, "tandem-it-C", Map.of())) {

                for (KafkaTestClient client : List.of(onA, onB, onC)) {
                    client.createTopic("orders", 3);
                }
                onA.produce(TestRecords.varied("orders", 3, RECORDS, System.currentTimeMillis()));
                onB.produce(TestRecords.varied("orders", 3, RECORDS, System.currentTimeMillis()));
                onC.produce(TestRecords.varied("orders", 3, RECORDS, System.currentTimeMillis()));

                intoB.rest().putConnector("A->B.source", FlowConfigs.source(a, b, ".*", 2));
                intoA.rest().putConnector("B->A.source", FlowConfigs.source(b, a, ".*", 2));
                intoC.rest().putConnector("B->C.source", FlowConfigs.source(b, c, ".*", 2));

                // Each path delivers the origin's records exactly once.
                awaitCopy(onA, "orders", onB, "A.orders");
                awaitCopy(onB, "orders", onA, "B.orders");
                awaitCopy(onB, "orders", onC, "B.orders");
                awaitCopy(onA, "orders", onC, "B.A.orders");

                // Topics created afterwards travel every flow: each flow ran discovery again after the remote
                // topics above existed, so a loop would have shown by now.
                onA.createTopic("late", 1);
                onA.produce(List.of(new ProducerRecord<>(
                        "late", 0, System.currentTimeMillis(), TestRecords.utf8("k"), TestRecords.utf8("v"))));
                onB.createTopic("late-b", 1);
                onB.produce(List.of(new ProducerRecord<>(
                        "late-b", 0, System.currentTimeMillis(), TestRecords.utf8("k"), TestRecords.utf8("v"))));
                awaitCopy(onA, "late", onC, "B.A.late");
                awaitCopy(onA, "late", onB, "A.late");
                awaitCopy(onB, "late-b", onA, "B.late-b");
                awaitCopy(onB, "late-b", onC, "B.late-b");

                assertNoCycles("A", onA.topics());
                assertNoCycles("B", onB.topics());
                assertNoCycles("C", onC.topics());
                assertEquals(Set.of("orders", "B.orders", "late", "B.late-b"), userTopics(onA.topics()), "topics on A");
                assertEquals(Set.of("orders", "A.orders", "A.late", "late-b"), userTopics(onB.topics()), "topics on B");
                assertEquals(
                        Set.of("orders", "B.orders", "B.A.orders", "B.A.late", "B.late-b"),
                        userTopics(onC.topics()),
                        "topics on C");
            }
        }
    }

    private static void awaitCopy(KafkaTestClient from, String topic, KafkaTestClient to, String remote) {
        long expected = from.endOffsetSum(topic);
        Await.until(
                remote + " holds " + expected + " records",
                Duration.ofSeconds(90),
                () -> to.topics().contains(remote) && to.endOffsetSum(remote) >= expected);
        RecordAssertions.assertSameRecords(remote, from.consumeAll(topic), to.consumeAll(remote));
    }

    /** No topic on {@code cluster} names {@code cluster} among its sources, and no alias repeats in its chain. */
    private void assertNoCycles(String cluster, Set<String> topics) {
        for (String topic : topics) {
            List<String> chain = new ArrayList<>();
            String current = topic;
            while (policy.topicSource(current) != null) {
                chain.add(policy.topicSource(current));
                current = policy.upstreamTopic(current);
            }
            assertTrue(!chain.contains(cluster), topic + " on " + cluster + " came back to " + cluster);
            assertEquals(
                    chain.size(), new HashSet<>(chain).size(), topic + " on " + cluster + " passed a cluster twice");
        }
    }

    private Set<String> userTopics(Set<String> topics) {
        Set<String> user = new HashSet<>();
        for (String topic : topics) {
            if (!policy.isInternalTopic(topic) && !topic.endsWith(".internal")) { // nor the workers' own topics
                user.add(topic);
            }
        }
        return user;
    }
}
