package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.Heartbeat;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.CopyAudit;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/connect-mirror-maker mm2.properties} as a real process against two clusters: records, checkpoints and
 * heartbeats end to end; SIGTERM stops it cleanly, and a restart resumes with nothing lost or copied twice.
 */
class DriverEndToEndIT {

    private static final String SECRET = "s3cret-value-never-logged";

    @Test
    void shouldReplicateCheckpointAndHeartbeatFromAnMm2PropertiesFile() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-driver-e2e"));
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            onA.createTopic("orders", 3);
            onA.produce(TestRecords.varied("orders", 3, 20_000, System.currentTimeMillis()));
            Map<TopicPartition, Long> committed = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                committed.put(new TopicPartition("orders", p), 1_234L + p);
            }
            onA.commit("orders-service", committed);

            Path config = work.resolve("mm2.properties");
            // B's address comes through a config provider, as secrets usually do.
            Path secrets = work.resolve("secrets.properties").toAbsolutePath();
            Files.writeString(secrets, "b.servers=" + clusters.b.bootstrapServers() + "\n");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "clusters = A, B",
                            "config.providers = file",
                            "config.providers.file.class = org.apache.kafka.common.config.provider.FileConfigProvider",
                            "A.bootstrap.servers = " + clusters.a.bootstrapServers(),
                            "A.ssl.truststore.password = " + SECRET
                                    + "-truststore", // unused on PLAINTEXT, but never to be printed
                            "A->B.source.cluster.sasl.jaas.config = " + SECRET + "-jaas",
                            "B.bootstrap.servers = ${file:" + secrets + ":b.servers}",
                            "A->B.enabled = true",
                            "http.listener = 127.0.0.1:0",
                            "A->B.topics = orders",
                            "tasks.max = 2",
                            "emit.checkpoints.interval.seconds = 1",
                            "refresh.groups.interval.seconds = 1",
                            ""));

            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver-1.log"))) {
                driver.awaitStarted(Duration.ofSeconds(90), "A", "B");
                Await.until(
                        "B holds all of orders",
                        Duration.ofSeconds(120),
                        () -> onB.topics().contains("A.orders") && onB.endOffsetSum("A.orders") >= 20_000);
                RecordAssertions.assertSameRecords("A.orders", onA.consumeAll("orders"), onB.consumeAll("A.orders"));

                // Once every sync is read, a linear topic translates one to one.
                Await.value(
                        "checkpoints of orders-service on B settle at " + committed,
                        Duration.ofSeconds(60),
                        () -> latestCheckpoints(onB, "orders-service"),
                        c -> committed.entrySet().stream().allMatch(e -> {
                            Checkpoint checkpoint = c.get(
                                    new TopicPartition("A.orders", e.getKey().partition()));
                            return checkpoint != null
                                    && checkpoint.upstreamOffset() == e.getValue()
                                    && checkpoint.downstreamOffset() == e.getValue();
                        }));

                assertEquals(
                        Set.of("A->B"),
                        Await.value(
                                "heartbeats of A->B on B",
                                Duration.ofSeconds(30),
                                () -> flows(onB, "heartbeats"),
                                f -> !f.isEmpty()));
                assertEquals(
                        Set.of("B->A"),
                        Await.value(
                                "heartbeats of B->A on A, as MM2 emits for every pair",
                                Duration.ofSeconds(30),
                                () -> flows(onA, "heartbeats"),
                                f -> !f.isEmpty()));
                assertTrue(driver.output().contains("worker for B at http://127.0.0.1:"), driver.output());
                assertMetricsAndHealth(driver);
                assertStatus(config, driver, work);

                int code = driver.terminate();
                assertTrue(code == 0 || code == 143, "a clean stop on SIGTERM, exit code " + code);
                assertTrue(driver.output().contains("Tandem stopping"), driver.output());
                assertFalse(driver.output().contains(SECRET), "no secret in the driver's output and logs");
                assertTrue(driver.output().contains("[hidden]"), "the effective config is logged, secrets hidden");
            }

            onA.produce(TestRecords.varied("orders", 3, 6_000, System.currentTimeMillis(), "-while-down"));
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver-2.log"))) {
                driver.awaitStarted(Duration.ofSeconds(90), "A", "B");
                Await.until(
                        "B holds the records produced while the driver was down",
                        Duration.ofSeconds(120),
                        () -> onB.endOffsetSum("A.orders") >= 26_000);
                List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll("orders");
                List<ConsumerRecord<byte[], byte[]>> target = onB.consumeAll("A.orders");
                for (int p = 0; p < 3; p++) {
                    CopyAudit audit = CopyAudit.of(ByPartition.only(source, p), ByPartition.only(target, p));
                    assertEquals(
                            "lost=0 duplicates=0 rewinds=0",
                            audit.toString(),
                            "after a SIGTERM and a restart, partition " + p);
                }
                driver.terminate();
            }
        }
    }

    /** {@code connect-mirror-maker status}, as a process: a table for people, JSON for scripts. */
    private static void assertStatus(Path config, DriverProcess driver, Path work) throws Exception {
        String url = driver.httpBase();
        Await.until("the driver's status lists both flows", Duration.ofSeconds(30), () -> {
            String body = java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "status"))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
            return body.contains("\"A->B\"") && body.contains("\"B->A\"");
        });
        Process table = new ProcessBuilder(DriverProcess.script().toString(), "status", config.toString(), "--url", url)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("status.txt").toFile())
                .start();
        assertEquals(0, table.waitFor(), Files.readString(work.resolve("status.txt")));
        String text = Files.readString(work.resolve("status.txt"));
        assertTrue(text.contains("A->B") && text.contains("source RUNNING (2 RUNNING)") && text.contains("B->A"), text);
        System.out.println(text);

        Process json = new ProcessBuilder(
                        DriverProcess.script().toString(), "status", config.toString(), "--json", "--url", url)
                .redirectErrorStream(false)
                .redirectOutput(work.resolve("status.json").toFile())
                .redirectError(work.resolve("status.err").toFile())
                .start();
        assertEquals(0, json.waitFor());
        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(work.resolve("status.json").toFile());
        com.fasterxml.jackson.databind.JsonNode flow = status.path("flows").get(0);
        assertEquals("A->B", flow.path("flow").asText(), status.toString());
        assertEquals(
                "RUNNING",
                flow.path("connectors").path("checkpoint").path("state").asText());
        assertTrue(
                flow.path("lagRecords").asLong() >= 0 && flow.path("lagSeconds").isNumber(), status.toString());
        assertTrue(flow.path("heartbeatAgeSeconds").asDouble() < 10, status.toString());
        assertTrue(flow.path("lastCheckpointAgeSeconds").isNumber(), status.toString());
    }

    /** What an operator scraping the driver sees once replication caught up. */
    private static void assertMetricsAndHealth(DriverProcess driver) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("metrics at (http://\\S+/metrics)")
                .matcher(driver.output());
        assertTrue(m.find(), driver.output());
        java.net.URI metrics = java.net.URI.create(m.group(1));
        String flow = "source=\"A\",target=\"B\"";
        // Tasks report copied records in batches every 200 ms: wait for the total too, then check it is exact.
        PrometheusText scrape = Await.value(
                "lag back to 0 on every partition, every record counted and the connectors seen RUNNING",
                Duration.ofSeconds(30),
                () -> PrometheusText.scrape(metrics),
                s -> s.values("tandem_replication_lag_records", "topic=\"orders\"")
                                        .size()
                                == 3
                        && s.sum("tandem_replication_lag_records", "topic=\"orders\"") == 0
                        && s.sum("tandem_replication_records_total", flow, "topic=\"orders\"") >= 20_000
                        && s.sum("tandem_connector_state", "connector=\"A->B.source\"", "state=\"RUNNING\"") == 1
                        // Tasks restart when the heartbeats topic joins the flow a few seconds in: wait for both again.
                        && s.sum("tandem_tasks", "connector=\"A->B.source\"", "state=\"RUNNING\"") == 2);
        assertEquals(
                20_000,
                scrape.sum("tandem_replication_records_total", flow, "topic=\"orders\""),
                "every record counted once");
        assertEquals(
                3,
                scrape.values("tandem_replication_records_total", flow, "topic=\"orders\"")
                        .size(),
                "one series per partition");
        assertTrue(scrape.sum("tandem_replication_bytes_total", flow) > 20_000, "bytes copied");
        double latencySamples = scrape.sum("tandem_replication_latency_seconds_count", flow, "topic=\"orders\"");
        assertTrue(
                latencySamples >= 3 && latencySamples < 20_000,
                "a latency sample per partition and batch, not per record: " + latencySamples);
        assertTrue(
                !scrape.values("tandem_replication_latency_seconds_bucket", flow)
                        .isEmpty(),
                "latency is a histogram");
        assertTrue(
                scrape.sum("tandem_record_age_seconds_count", flow, "topic=\"orders\"") >= 3,
                "an age sample per partition and poll");
        assertEquals(0, scrape.sum("tandem_replication_lag_seconds", flow, "topic=\"orders\""));
        assertTrue(
                scrape.sum("tandem_offset_syncs_written_total", flow) >= 3,
                "at least the first sync of each partition");
        assertTrue(scrape.sum("tandem_checkpoints_written_total", flow) >= 3);
        assertTrue(scrape.sum("tandem_checkpoint_round_seconds_count", flow) > 0);
        double heartbeatAge = scrape.sum("tandem_heartbeat_age_seconds", flow);
        assertTrue(heartbeatAge >= 0 && heartbeatAge < 10, "heartbeats are fresh: " + heartbeatAge + " s");
        assertEquals(2, scrape.sum("tandem_tasks", "connector=\"A->B.source\"", "state=\"RUNNING\""));

        java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(metrics.resolve("/health"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"UP\""), health.body());
    }

    private static Map<TopicPartition, Checkpoint> latestCheckpoints(KafkaTestClient onB, String group) {
        Map<TopicPartition, Checkpoint> latest = new HashMap<>();
        if (onB.topics().contains("A.checkpoints.internal")) {
            for (ConsumerRecord<byte[], byte[]> record : onB.consumeAll("A.checkpoints.internal")) {
                Checkpoint checkpoint = Checkpoint.decode(record.key(), record.value());
                if (checkpoint.consumerGroupId().equals(group)) {
                    latest.put(checkpoint.topicPartition(), checkpoint);
                }
            }
        }
        return latest;
    }

    private static Set<String> flows(KafkaTestClient client, String topic) {
        if (!client.topics().contains(topic)) {
            return Set.of();
        }
        return client.consumeAll(topic).stream()
                .map(r -> Heartbeat.decode(r.key(), r.value()))
                .map(h -> h.sourceClusterAlias() + "->" + h.targetClusterAlias())
                .collect(Collectors.toSet());
    }
}
