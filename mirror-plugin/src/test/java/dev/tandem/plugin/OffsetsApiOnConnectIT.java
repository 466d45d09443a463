package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.records.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect's offsets API (KIP-875) for the checkpoint and heartbeat connectors on a stock Kafka 4.3.1 worker: GET
 * lists their partitions in MirrorMaker 2's shape with offset 0; on the stopped connectors a PATCH with any other
 * offset, or a partition missing a key or numbered -1, is refused with a message naming it; offset 0 and a reset
 * (DELETE) are taken, and the connectors go on when resumed. (The source connector's offsets: {@code OffsetsApiIT}.)
 */
class OffsetsApiOnConnectIT {

    private static final String TOPIC = "orders";

    @Test
    void shouldTakeOnlyZeroOrAResetForCheckpointsAndHeartbeats(@TempDir Path tmp) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, 2);
            clusters.onA.produce(TestRecords.varied(TOPIC, 2, 400, TestRecords.recent()));
            Map<TopicPartition, Long> committed =
                    Map.of(new TopicPartition(TOPIC, 0), 50L, new TopicPartition(TOPIC, 1), 70L);
            clusters.onA.commit("billing", committed);
            try (StockConnectWorker worker = StockConnectWorker.start(
                    PluginFlow.workerLib("4.3"),
                    PluginFlow.pluginPath(),
                    clusters.b,
                    "tandem-offsets",
                    tmp.resolve("worker"),
                    Map.of())) {
                ConnectRestClient rest = worker.rest();
                PluginFlow.create(rest, clusters.a, clusters.b);
                PluginFlow.CONNECTORS.forEach(name -> PluginFlow.awaitRunning(rest, name));
                PluginFlow.awaitCheckpoints(clusters.b, "billing", committed);
                PluginFlow.awaitHeartbeats(clusters.onB);

                Set<String> checkpointed = Await.value(
                        "GET offsets of the checkpoint connector lists billing's partitions at offset 0",
                        Duration.ofSeconds(60),
                        () -> partitions(rest, PluginFlow.CHECKPOINT),
                        found -> found.equals(
                                Set.of("billing/A.orders/0={\"offset\":0}", "billing/A.orders/1={\"offset\":0}")));
                assertEquals(2, checkpointed.size());
                Await.value(
                        "GET offsets of the heartbeat connector lists A->B at offset 0",
                        Duration.ofSeconds(60),
                        () -> partitions(rest, PluginFlow.HEARTBEAT),
                        found -> found.equals(Set.of("A/B={\"offset\":0}")));

                for (String name : List.of(PluginFlow.CHECKPOINT, PluginFlow.HEARTBEAT)) {
                    rest.stop(name);
                    Await.until(
                            name + " STOPPED",
                            Duration.ofSeconds(60),
                            () -> "STOPPED"
                                    .equals(rest.status(name)
                                            .path("connector")
                                            .path("state")
                                            .asText()));
                }
                Map<String, Object> group = Map.of("group", "billing", "topic", "A." + TOPIC, "partition", 0);
                String refused = refused(rest, PluginFlow.CHECKPOINT, group, Map.of("offset", 5));
                assertTrue(refused.contains("only {\\\"offset\\\": 0} or null"), refused);
                refused = refused(
                        rest,
                        PluginFlow.CHECKPOINT,
                        Map.of("group", "billing", "topic", "A." + TOPIC, "partition", -1),
                        Map.of("offset", 0));
                assertTrue(refused.contains("\\\"partition\\\" -1"), refused);
                refused = refused(rest, PluginFlow.HEARTBEAT, Map.of("sourceClusterAlias", "A"), Map.of("offset", 0));
                assertTrue(refused.contains("\\\"targetClusterAlias\\\" missing"), refused);

                patch(rest, PluginFlow.CHECKPOINT, group, Map.of("offset", 0));
                rest.call("DELETE", offsetsPath(PluginFlow.HEARTBEAT), null, 200);
                for (String name : List.of(PluginFlow.CHECKPOINT, PluginFlow.HEARTBEAT)) {
                    rest.resume(name);
                    PluginFlow.awaitRunning(rest, name);
                }
                Map<TopicPartition, Long> moved =
                        Map.of(new TopicPartition(TOPIC, 0), 120L, new TopicPartition(TOPIC, 1), 70L);
                clusters.onA.commit("billing", moved);
                PluginFlow.awaitCheckpoints(clusters.b, "billing", moved);
                PluginFlow.awaitHeartbeats(clusters.onB);
            }
        }
    }

    /** Each listed partition as "key/key/...=offset", keys in MirrorMaker 2's order (the remote topic's name). */
    private static Set<String> partitions(ConnectRestClient rest, String connector) {
        Set<String> found = new HashSet<>();
        for (JsonNode entry :
                rest.call("GET", offsetsPath(connector), null, 200).path("offsets")) {
            JsonNode p = entry.path("partition");
            String key = p.has("group")
                    ? p.path("group").asText() + "/" + p.path("topic").asText() + "/"
                            + p.path("partition").asInt()
                    : p.path("sourceClusterAlias").asText() + "/"
                            + p.path("targetClusterAlias").asText();
            found.add(key + "=" + entry.path("offset"));
        }
        return found;
    }

    private static void patch(
            ConnectRestClient rest, String connector, Map<String, ?> partition, Map<String, ?> offset) {
        rest.call("PATCH", offsetsPath(connector), body(partition, offset), 200);
    }

    private static String refused(
            ConnectRestClient rest, String connector, Map<String, ?> partition, Map<String, ?> offset) {
        try {
            rest.call("PATCH", offsetsPath(connector), body(partition, offset), 200);
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage().contains(" answered 400"), e.getMessage());
            return e.getMessage();
        }
        throw new AssertionError("PATCH " + partition + " " + offset + " on " + connector + " was accepted");
    }

    private static Map<String, Object> body(Map<String, ?> partition, Map<String, ?> offset) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("partition", partition);
        entry.put("offset", offset);
        return Map.of("offsets", List.of(entry));
    }

    private static String offsetsPath(String connector) {
        return "/connectors/" + ConnectRestClient.encode(connector) + "/offsets";
    }
}
