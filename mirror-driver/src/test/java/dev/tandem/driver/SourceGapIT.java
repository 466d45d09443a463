package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Records removed from the source before Tandem copied them (retention or {@code kafka-delete-records} while the flow
 * is stopped): MirrorMaker 2's consumer skips them without a word. Tandem reports the gap once, in the log, in
 * {@code /metrics} and in {@code status}, and copies every record still on the source.
 */
class SourceGapIT {

    private static final String SOURCE = "A->B.source";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    @Test
    void shouldReportRecordsRemovedBeforeTheyWereCopiedAndCopyTheRest() throws Exception {
        Path work = WorkDirs.fresh("SourceGapIT");
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 1);
            clusters.onA.produce(TestRecords.varied("orders", 1, 500, TestRecords.recent()));
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = orders",
                    "tasks.max = 1",
                    "sync.topic.acls.enabled = false");
            List<ConsumerRecord<byte[], byte[]>> before = clusters.onA.consumeAll("orders");
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(WAIT, "B");
                RemoteTopics.awaitEnd(clusters.onB, "A.orders", 500);

                ConnectRestClient rest = new ConnectRestClient(driver.workerUrl("B"));
                long stopsBefore = taskStops(driver);
                rest.stop(SOURCE);
                Await.until(
                        "the source connector and its task stopped",
                        WAIT,
                        () -> "STOPPED"
                                        .equals(rest.status(SOURCE)
                                                .path("connector")
                                                .path("state")
                                                .asText())
                                && taskStops(driver) > stopsBefore);
                // While it is stopped, 1,000 records come and go before the copy reaches them.
                clusters.onA.produce(TestRecords.varied("orders", 1, 1_000, TestRecords.recent(), "-removed"));
                clusters.onA
                        .admin()
                        .deleteRecords(Map.of(ORDERS_0, RecordsToDelete.beforeOffset(1_500)))
                        .all()
                        .get();
                clusters.onA.produce(TestRecords.varied("orders", 1, 300, TestRecords.recent(), "-after"));
                rest.resume(SOURCE);

                Await.until(
                        "the 300 records still on A copied to B",
                        WAIT,
                        () -> clusters.onB.endOffsetSum("A.orders") >= 800);
                List<ConsumerRecord<byte[], byte[]>> onB = clusters.onB.consumeAll("A.orders");
                assertEquals(800, onB.size(), "the 500 copied before and the 300 still on A, each once");
                RecordAssertions.assertSameRecords("A.orders before the gap", before, onB.subList(0, 500));
                RecordAssertions.assertSameRecords(
                        "A.orders after the gap", clusters.onA.consumeAll("orders"), onB.subList(500, 800));

                String log = Await.value(
                        "the gap in the log", Duration.ofSeconds(30), driver::output, o -> o.contains("RECORDS LOST"));
                Matcher line = Pattern.compile("A->B: RECORDS LOST.*").matcher(log);
                assertTrue(line.find(), log);
                assertTrue(
                        line.group().contains("orders-0 offsets 500 to 1499 (1000 records)")
                                && line.group().contains("Copying goes on at offset 1500"),
                        line.group());
                assertEquals(
                        1,
                        Pattern.compile("RECORDS LOST").matcher(log).results().count(),
                        "once per event");

                URI metrics = URI.create(driver.httpBase() + "metrics");
                PrometheusText scrape = Await.value(
                        "the gap in /metrics",
                        Duration.ofSeconds(30),
                        () -> PrometheusText.scrape(metrics),
                        s -> s.sum("tandem_replication_records_lost_total", "reason=\"removed\"") > 0);
                assertEquals(
                        1_000,
                        scrape.sum(
                                "tandem_replication_records_lost_total",
                                "source=\"A\",target=\"B\"",
                                "topic=\"orders\"",
                                "reason=\"removed\""));
                assertEquals(0, scrape.sum("tandem_replication_records_lost_total", "reason=\"truncated\""));

                JsonNode flow = flowStatus(driver.httpBase(), "A->B");
                assertEquals(1_000, flow.path("lostRecords").asLong(), flow.toString());
                // The drill says the recovery point holds a known gap, from the positions alone.
                JsonNode drill = Await.value(
                        "the gap in the drill's report",
                        Duration.ofSeconds(60),
                        () -> new ObjectMapper()
                                .readTree(CliRun.run(
                                                work,
                                                "drill",
                                                "drill.json",
                                                List.of(
                                                        "drill",
                                                        config.toString(),
                                                        "--from",
                                                        "A",
                                                        "--to",
                                                        "B",
                                                        "--json"))
                                        .stdout()),
                        d -> ordersRow(d).path("lostRecords").asLong() == 1_000);
                for (JsonNode row : drill.path("partitions")) {
                    assertEquals(
                            "orders".equals(row.path("topic").asText()) ? 1_000 : 0,
                            row.path("lostRecords").asLong(),
                            "only orders-0 had a gap: " + drill);
                }
                CliRun drillText = CliRun.run(
                        work,
                        "drill-text",
                        "drill.txt",
                        List.of("drill", config.toString(), "--from", "A", "--to", "B"));
                assertTrue(
                        drillText
                                .stdout()
                                .contains("Known gap: 1000 record(s) were gone from A before the replicator"
                                        + " copied them"),
                        drillText.output());
                Process table = new ProcessBuilder(
                                DriverProcess.script().toString(),
                                "status",
                                config.toString(),
                                "--url",
                                driver.httpBase())
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("status.txt").toFile())
                        .start();
                table.waitFor();
                String text = Files.readString(work.resolve("status.txt"));
                assertTrue(
                        text.contains("A->B: 1,000 records were gone from the source before they were copied"), text);
            }
        }
    }

    /** The drill report's row of orders-0. */
    private static JsonNode ordersRow(JsonNode drill) {
        for (JsonNode row : drill.path("partitions")) {
            if ("orders".equals(row.path("topic").asText())) {
                return row;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** How many times the flow's source task logged its stop: Connect reports STOPPED before its tasks are. */
    private static long taskStops(DriverProcess driver) throws java.io.IOException {
        return Pattern.compile("A->B task 0: stopped")
                .matcher(driver.output())
                .results()
                .count();
    }

    private static JsonNode flowStatus(String base, String name) throws Exception {
        String body = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(base + "status")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        for (JsonNode flow : new ObjectMapper().readTree(body).path("flows")) {
            if (name.equals(flow.path("flow").asText())) {
                return flow;
            }
        }
        throw new AssertionError("no flow " + name + " in " + body);
    }
}
