package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.records.TestRecords;
import dev.tandem.testkit.records.TopicCopyAudit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three connectors on a stock Kafka 4.3.1 standalone worker ({@code connect-standalone.sh worker.properties
 * source.properties checkpoint.properties heartbeat.properties}, one of the four ways Kafka documents to run MM2),
 * with file offsets: records, checkpoints and heartbeats arrive; the worker stopped (SIGTERM) and started again on
 * the same offsets file copies what was written meanwhile, and nothing is lost or copied twice.
 */
class StandaloneConnectIT {

    private static final String TOPIC = "orders";

    @Test
    void shouldReplicateOnAStandaloneWorkerAcrossARestart(@TempDir Path tmp) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, 2);
            clusters.onA.produce(TestRecords.varied(TOPIC, 2, 1_000, TestRecords.recent(), "-first"));
            Map<TopicPartition, Long> committed =
                    Map.of(new TopicPartition(TOPIC, 0), 200L, new TopicPartition(TOPIC, 1), 300L);
            clusters.onA.commit("billing", committed);
            List<Path> connectors = new ArrayList<>();
            for (String file : List.of("source.json", "checkpoint.json", "heartbeat.json")) {
                connectors.add(properties(PluginFlow.shippedConfig(file, clusters.a, clusters.b), tmp));
            }
            Path dir = tmp.resolve("standalone");
            try (StockConnectWorker worker = standalone(clusters, dir, connectors)) {
                PluginFlow.CONNECTORS.forEach(name -> PluginFlow.awaitRunning(worker.rest(), name));
                assertEquals(0, PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC), "duplicates");
                PluginFlow.awaitCheckpoints(clusters.b, "billing", committed);
                PluginFlow.awaitHeartbeats(clusters.onB);
            }
            assertTrue(
                    Files.size(dir.resolve("connect.offsets")) > 0,
                    "the worker flushed its offsets to " + dir.resolve("connect.offsets"));

            clusters.onA.produce(TestRecords.varied(TOPIC, 2, 500, TestRecords.recent(), "-while-stopped"));
            try (StockConnectWorker again = standalone(clusters, dir, connectors)) {
                PluginFlow.CONNECTORS.forEach(name -> PluginFlow.awaitRunning(again.rest(), name));
                TopicCopyAudit audit = Await.value(
                        "all 1,500 records of " + TOPIC + " on B after the restart",
                        Duration.ofSeconds(120),
                        () -> TopicCopyAudit.of(clusters.onA, TOPIC, clusters.onB, "A." + TOPIC),
                        a -> a.lost() == 0);
                System.out.println("Standalone worker restarted on its offsets file: " + audit);
                assertEquals(1_500, audit.sourceRecords(), audit.toString());
                assertEquals(0, audit.lost(), audit.toString());
                assertEquals(0, audit.duplicates(), "a clean stop flushes its offsets: " + audit);
                assertEquals(List.of(), audit.problems(), audit.toString());
                Map<TopicPartition, Long> moved =
                        Map.of(new TopicPartition(TOPIC, 0), 600L, new TopicPartition(TOPIC, 1), 700L);
                clusters.onA.commit("billing", moved);
                PluginFlow.awaitCheckpoints(clusters.b, "billing", moved);
            }
        }
    }

    private static StockConnectWorker standalone(TwoClusters clusters, Path dir, List<Path> connectors) {
        return StockConnectWorker.startStandalone(
                PluginFlow.workerLib("4.3"), PluginFlow.pluginPath(), clusters.b, dir, Map.of(), connectors);
    }

    /** A shipped JSON config as the properties file connect-standalone takes: its name and config, the interval short. */
    private static Path properties(ObjectNode shipped, Path dir) throws IOException {
        Properties props = new Properties();
        props.setProperty("name", shipped.path("name").asText());
        JsonNode config = shipped.path("config");
        config.properties()
                .forEach(e -> props.setProperty(e.getKey(), e.getValue().asText()));
        if (props.getProperty("connector.class").endsWith("MirrorCheckpointConnector")) {
            props.setProperty("emit.checkpoints.interval.seconds", "1");
            props.setProperty("refresh.groups.interval.seconds", "1");
        }
        Path file = dir.resolve(props.getProperty("name").replace(">", "") + ".properties");
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(out, "from configs/connect");
        }
        return file;
    }
}
