package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.MirrorClient;
import dev.tandem.client.records.Heartbeat;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A chain A->B->C with heartbeats: C learns from its heartbeats topics that A and B are upstream, A two hops away,
 * and MirrorMaker 2's own client reads the same from Tandem's topics. As MM2 does for every pair of clusters, a
 * heartbeat connector also targets A (B->A), so A has a heartbeats topic to replicate.
 */
class HeartbeatsIT {

    @Test
    void shouldTraceUpstreamClustersAndHopsThroughAChain() throws Exception {
        try (KafkaClusters clusters = KafkaClusters.start("A", "B", "C");
                KafkaTestClient onC = new KafkaTestClient(clusters.get("C"))) {
            KafkaCluster a = clusters.get("A");
            KafkaCluster b = clusters.get("B");
            KafkaCluster c = clusters.get("C");
            try (ConnectWorker intoA = ConnectWorker.start(a, "tandem-it-A", Map.of());
                    ConnectWorker intoB = ConnectWorker.start(b, "tandem-it-B", Map.of());
                    ConnectWorker intoC = ConnectWorker.start(c, "tandem-it-C", Map.of())) {
                intoA.rest().putConnector("B->A.heartbeat", FlowConfigs.heartbeat(b, a));
                intoB.rest().putConnector("A->B.heartbeat", FlowConfigs.heartbeat(a, b));
                intoB.rest().putConnector("A->B.source", FlowConfigs.source(a, b, "orders", 1));
                intoC.rest().putConnector("B->C.heartbeat", FlowConfigs.heartbeat(b, c));
                intoC.rest().putConnector("B->C.source", FlowConfigs.source(b, c, "orders", 1));

                Map<String, Object> cProps = new HashMap<>(c.clientConfig());
                try (MirrorClient client = new MirrorClient(cProps)) {
                    Await.supplied(
                            "C sees A and B upstream",
                            Duration.ofSeconds(60),
                            client::upstreamClusters,
                            Set.of("A", "B")::equals);
                    assertEquals(2, client.replicationHops("A"));
                    assertEquals(1, client.replicationHops("B"));
                    assertEquals(-1, client.replicationHops("C"));
                    assertEquals(Set.of("heartbeats", "B.heartbeats", "B.A.heartbeats"), client.heartbeatTopics());

                    org.apache.kafka.connect.mirror.MirrorClient mm2 =
                            new org.apache.kafka.connect.mirror.MirrorClient(cProps);
                    try {
                        assertEquals(mm2.upstreamClusters(), client.upstreamClusters());
                        assertEquals(mm2.replicationHops("A"), client.replicationHops("A"));
                        assertEquals(mm2.replicationHops("B"), client.replicationHops("B"));
                        assertEquals(mm2.heartbeatTopics(), client.heartbeatTopics());
                    } finally {
                        mm2.close();
                    }
                }

                // Each heartbeats topic carries the flows that wrote it, with recent timestamps.
                assertEquals(Set.of(new Flow("B", "C")), flows(onC, "heartbeats"));
                assertEquals(Set.of(new Flow("A", "B")), flows(onC, "B.heartbeats"));
                assertEquals(Set.of(new Flow("B", "A")), flows(onC, "B.A.heartbeats"));
                List<ConsumerRecord<byte[], byte[]>> local = onC.consumeAll("heartbeats");
                long age = System.currentTimeMillis()
                        - Heartbeat.decode(
                                        local.get(local.size() - 1).key(),
                                        local.get(local.size() - 1).value())
                                .timestampMs();
                assertTrue(age < 30_000, "the newest heartbeat is recent: " + age + " ms old");
            }
        }
    }

    private static Set<Flow> flows(KafkaTestClient client, String topic) {
        return Await.value(
                topic + " has heartbeats",
                Duration.ofSeconds(30),
                () -> {
                    Set<Flow> flows = new HashSet<>();
                    for (ConsumerRecord<byte[], byte[]> record : client.consumeAll(topic)) {
                        Heartbeat heartbeat = Heartbeat.decode(record.key(), record.value());
                        flows.add(new Flow(heartbeat.sourceClusterAlias(), heartbeat.targetClusterAlias()));
                    }
                    return flows;
                },
                flows -> !flows.isEmpty());
    }

    private record Flow(String source, String target) {}
}
