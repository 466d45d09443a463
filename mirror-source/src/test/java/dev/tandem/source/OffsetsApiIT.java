package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Connect's offsets API (KIP-875) on a connector copying on the direct path: {@code GET} shows the position of every
 * partition in MirrorMaker 2's format, and a {@code PATCH} or {@code DELETE} on the stopped connector decides where
 * the copy goes on, although the task also resumes from Tandem's own, newer positions. A bad body is refused with
 * the entry named and changes nothing.
 */
class OffsetsApiIT {

    private static final String NAME = "A->B.source";
    private static final String TOPIC = "orders";
    private static final int PER_PARTITION = 500;

    @Test
    void shouldResumeWhereTheOffsetsApiSays() {
        try (TwoClusters clusters = TwoClusters.start();
                ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-offsets-B", Map.of())) {
            ConnectRestClient rest = worker.rest();
            clusters.onA.createTopic(TOPIC, 2);
            clusters.onA.produce(TestRecords.varied(TOPIC, 2, 2 * PER_PARTITION, TestRecords.recent()));
            rest.putConnector(NAME, FlowConfigs.source(clusters.a, clusters.b, TOPIC, 1));
            String remote = "A." + TOPIC;
            awaitEnds(clusters, remote, PER_PARTITION, PER_PARTITION);
            Map<TopicPartition, Long> last = Map.of(
                    new TopicPartition(TOPIC, 0), PER_PARTITION - 1L, new TopicPartition(TOPIC, 1), PER_PARTITION - 1L);
            Await.value(
                    "GET offsets at the last record copied of each partition",
                    Duration.ofSeconds(60),
                    () -> offsets(rest),
                    last::equals);

            rest.stop(NAME);
            Await.until(
                    NAME + " STOPPED",
                    Duration.ofSeconds(60),
                    () -> "STOPPED"
                            .equals(rest.status(NAME)
                                    .path("connector")
                                    .path("state")
                                    .asText()));
            String refused = refusedPatch(rest, Map.of("offset", "abc"));
            assertTrue(refused.contains("non-negative integer") && refused.contains("abc"), refused);
            refused = refusedPatch(rest, Map.of("offset", -5));
            assertTrue(refused.contains("non-negative integer"), refused);

            // Partition 0 is set back by 100 records: they are copied again, and only they.
            rest.call(
                    "PATCH",
                    "/connectors/" + ConnectRestClient.encode(NAME) + "/offsets",
                    Map.of("offsets", List.of(entry(0, PER_PARTITION - 101L))),
                    200);
            rest.resume(NAME);
            awaitEnds(clusters, remote, PER_PARTITION + 100, PER_PARTITION);

            // A reset copies everything again.
            rest.stop(NAME);
            Await.until(
                    NAME + " STOPPED",
                    Duration.ofSeconds(60),
                    () -> "STOPPED"
                            .equals(rest.status(NAME)
                                    .path("connector")
                                    .path("state")
                                    .asText()));
            rest.call("DELETE", "/connectors/" + ConnectRestClient.encode(NAME) + "/offsets", null, 200);
            rest.resume(NAME);
            awaitEnds(clusters, remote, 2 * PER_PARTITION + 100, 2 * PER_PARTITION);
        }
    }

    /** The remote partitions reach these end offsets and stay there (nothing more is copied than expected). */
    private static void awaitEnds(TwoClusters clusters, String remote, long first, long second) {
        Map<TopicPartition, Long> expected =
                Map.of(new TopicPartition(remote, 0), first, new TopicPartition(remote, 1), second);
        Await.value(
                "end offsets of " + remote,
                Duration.ofSeconds(120),
                () -> clusters.onB.topics().contains(remote)
                        ? clusters.onB.endOffsets(remote)
                        : Map.<TopicPartition, Long>of(),
                ends -> ends.equals(expected) || overshot(ends, expected));
        assertEquals(expected, clusters.onB.endOffsets(remote), "end offsets of " + remote);
    }

    private static boolean overshot(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> expected) {
        return expected.entrySet().stream().anyMatch(e -> ends.getOrDefault(e.getKey(), 0L) > e.getValue());
    }

    private static Map<String, Object> entry(int partition, Object offset) {
        Map<String, Object> key = new HashMap<>();
        key.put("cluster", "A");
        key.put("topic", TOPIC);
        key.put("partition", partition);
        return Map.of("partition", key, "offset", Map.of("offset", offset));
    }

    private static String refusedPatch(ConnectRestClient rest, Map<String, Object> offset) {
        Map<String, Object> key = new HashMap<>();
        key.put("cluster", "A");
        key.put("topic", TOPIC);
        key.put("partition", 0);
        try {
            rest.call(
                    "PATCH",
                    "/connectors/" + ConnectRestClient.encode(NAME) + "/offsets",
                    Map.of("offsets", List.of(Map.of("partition", key, "offset", offset))),
                    200);
        } catch (IllegalStateException e) {
            assertTrue(
                    e.getMessage().contains(" answered 400"), "a bad request, as MirrorMaker 2's: " + e.getMessage());
            return e.getMessage();
        }
        throw new AssertionError("PATCH with offset " + offset + " was accepted");
    }

    private static Map<TopicPartition, Long> offsets(ConnectRestClient rest) {
        JsonNode answer = rest.call("GET", "/connectors/" + ConnectRestClient.encode(NAME) + "/offsets", null, 200);
        Map<TopicPartition, Long> found = new HashMap<>();
        for (JsonNode entry : answer.path("offsets")) {
            JsonNode partition = entry.path("partition");
            assertEquals("A", partition.path("cluster").asText(), "cluster of " + entry);
            found.put(
                    new TopicPartition(
                            partition.path("topic").asText(),
                            partition.path("partition").asInt()),
                    entry.path("offset").path("offset").asLong());
        }
        return found;
    }
}
