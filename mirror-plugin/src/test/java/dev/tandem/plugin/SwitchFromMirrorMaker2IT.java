package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.records.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user replacing MirrorMaker 2's source connector with Tandem's on the same Connect cluster, under the same
 * connector name: Tandem finds the source offsets MM2 committed and goes on from them. Nothing MM2 copied is copied
 * again, nothing is lost.
 */
class SwitchFromMirrorMaker2IT {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 3;

    @Test
    void shouldResumeFromTheOffsetsMirrorMaker2Committed(@TempDir Path tmp) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, PARTITIONS);
            clusters.onA.produce(
                    TestRecords.varied(TOPIC, PARTITIONS, 3000, System.currentTimeMillis() - 60_000, "-mm2"));
            try (StockConnectWorker worker = StockConnectWorker.start(
                    PluginFlow.workerLib("4.3"),
                    PluginFlow.pluginPath(),
                    clusters.b,
                    "switch",
                    tmp.resolve("worker"),
                    Map.of("offset.flush.interval.ms", "1000"))) {
                ConnectRestClient rest = worker.rest();
                rest.putConnector(PluginFlow.SOURCE, mirrorMaker2Source(clusters));
                PluginFlow.awaitRunning(rest, PluginFlow.SOURCE);
                assertEquals(0, PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC), "duplicates from MM2");

                // Stopped, MM2's tasks commit their last offsets; then the user deletes the connector.
                rest.stop(PluginFlow.SOURCE);
                Map<TopicPartition, Long> ends = clusters.onA.endOffsets(TOPIC);
                Await.until(
                        "MM2's committed source offsets at the end of " + TOPIC,
                        Duration.ofSeconds(60),
                        () -> ends.equals(nextOffsets(rest)));
                rest.delete(PluginFlow.SOURCE);

                ObjectNode tandem = PluginFlow.shippedConfig("source.json", clusters.a, clusters.b);
                ((ObjectNode) tandem.get("config")).put("topics", TOPIC);
                assertEquals(
                        PluginFlow.SOURCE,
                        tandem.get("name").asText(),
                        "the shipped file names the connector as MM2's was named here");
                rest.createConnector(tandem);
                PluginFlow.awaitRunning(rest, PluginFlow.SOURCE);
                clusters.onA.produce(
                        TestRecords.varied(TOPIC, PARTITIONS, 2000, System.currentTimeMillis(), "-tandem"));
                assertEquals(
                        0,
                        PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC),
                        "records copied twice: Tandem did not go on from MM2's committed offsets");
                assertEquals(5000, clusters.onB.endOffsetSum("A." + TOPIC), "records in A." + TOPIC + " on B");
            }
        }
    }

    /** MM2's own connector, configured as its documentation has it for a Connect cluster, copying the one topic. */
    private static Map<String, String> mirrorMaker2Source(TwoClusters clusters) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", "org.apache.kafka.connect.mirror.MirrorSourceConnector");
        config.put("source.cluster.alias", "A");
        config.put("target.cluster.alias", "B");
        config.put(
                "source.cluster.bootstrap.servers",
                String.valueOf(clusters.a.clientConfig().get("bootstrap.servers")));
        config.put(
                "target.cluster.bootstrap.servers",
                String.valueOf(clusters.b.clientConfig().get("bootstrap.servers")));
        config.put("topics", TOPIC);
        config.put("tasks.max", "2");
        config.put("replication.factor", "1");
        config.put("offset-syncs.topic.replication.factor", "1");
        config.put("sync.topic.acls.enabled", "false");
        config.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        config.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        return config;
    }

    /** GET /connectors/NAME/offsets (KIP-875): the next offset to copy of each source partition, as committed. */
    private static Map<TopicPartition, Long> nextOffsets(ConnectRestClient rest) {
        JsonNode answer =
                rest.call("GET", "/connectors/" + ConnectRestClient.encode(PluginFlow.SOURCE) + "/offsets", null, 200);
        Map<TopicPartition, Long> next = new HashMap<>();
        for (JsonNode entry : answer.path("offsets")) {
            JsonNode partition = entry.path("partition");
            next.put(
                    new TopicPartition(
                            partition.path("topic").asText(),
                            partition.path("partition").asInt()),
                    entry.path("offset").path("offset").asLong() + 1);
        }
        return next;
    }
}
