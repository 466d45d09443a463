package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.records.TestRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same plugin, built against Kafka 4.3.1, on a stock Kafka Connect 3.9.2 worker: listed, validated, created
 * through REST, replicating, and managed (pause, resume, restart, delete) with the README's calls.
 */
class ConnectPluginOnKafka39IT {

    @Test
    void shouldRunTheFlowOnAKafka39Worker(@TempDir Path tmp) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 2);
            clusters.onA.produce(TestRecords.varied("orders", 2, 500, System.currentTimeMillis() - 60_000, "-first"));
            Map<TopicPartition, Long> committed =
                    Map.of(new TopicPartition("orders", 0), 120L, new TopicPartition("orders", 1), 7L);
            clusters.onA.commit("billing", committed);

            try (StockConnectWorker worker = StockConnectWorker.start(
                    PluginFlow.workerLib("3.9"),
                    PluginFlow.pluginPath(),
                    clusters.b,
                    "tandem-plugin-39",
                    tmp.resolve("worker"),
                    Map.of())) {
                assertEquals("3.9.2", worker.version(), "GET / of the stock worker");
                ConnectRestClient rest = worker.rest();
                PluginFlow.assertListed(rest);
                PluginFlow.assertValidationErrors(rest, clusters.a, clusters.b);

                PluginFlow.create(rest, clusters.a, clusters.b);
                PluginFlow.CONNECTORS.forEach(name -> PluginFlow.awaitRunning(rest, name));
                PluginFlow.awaitCopied(clusters.onA, clusters.onB, "orders");
                PluginFlow.awaitCheckpoints(clusters.b, "billing", committed);
                PluginFlow.awaitHeartbeats(clusters.onB);
                PluginFlow.awaitJmxMetrics(worker, clusters.onA, "orders");

                // Paused, the source copies nothing; resumed, it copies what arrived meanwhile.
                rest.pause(PluginFlow.SOURCE);
                Await.until(
                        "the source connector PAUSED",
                        Duration.ofSeconds(30),
                        () -> rest.status(PluginFlow.SOURCE).toString().contains("\"PAUSED\"")
                                && !rest.status(PluginFlow.SOURCE).toString().contains("\"RUNNING\""));
                long copied = clusters.onB.endOffsetSum("A.orders");
                clusters.onA.produce(TestRecords.varied("orders", 2, 100, System.currentTimeMillis(), "-paused"));
                rest.restart(PluginFlow.CHECKPOINT);
                PluginFlow.awaitRunning(rest, PluginFlow.CHECKPOINT);
                assertEquals(
                        copied, clusters.onB.endOffsetSum("A.orders"), "records copied while the source was paused");
                rest.resume(PluginFlow.SOURCE);
                PluginFlow.awaitRunning(rest, PluginFlow.SOURCE);
                PluginFlow.awaitCopied(clusters.onA, clusters.onB, "orders");

                for (String name : PluginFlow.CONNECTORS) {
                    rest.delete(name);
                }
                Await.until(
                        "no connectors left",
                        Duration.ofSeconds(30),
                        () -> rest.call("GET", "/connectors", null, 200).isEmpty());
                String log = Files.readString(worker.log(), StandardCharsets.UTF_8);
                List<String> errors =
                        log.lines().filter(line -> line.contains("ERROR")).toList();
                assertEquals(List.of(), errors, "ERROR lines in the 3.9 worker's log");
            }
        }
    }
}
