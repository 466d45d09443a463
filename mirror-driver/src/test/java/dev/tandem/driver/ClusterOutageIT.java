package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The source cluster away for a minute while the driver runs: the outage is visible while it lasts ({@code /health}
 * 503 naming the cluster and since when, {@code status}), the log says so once instead of a client warning per
 * connection attempt, and when the cluster is back the copy goes on by itself, nothing lost.
 */
class ClusterOutageIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration OUTAGE = Duration.ofSeconds(60);

    @Test
    void shouldShowASourceOutageWhileItLastsAndCopyEverythingAfter() throws Exception {
        Path work = WorkDirs.fresh("ClusterOutageIT");
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 2);
            clusters.onA.produce(TestRecords.varied("orders", 2, 1_000, TestRecords.recent(), "-before"));
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = orders",
                    "sync.topic.acls.enabled = false");
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(WAIT, "B");
                RemoteTopics.awaitEnd(clusters.onB, "A.orders", 1_000);
                String base = driver.httpBase();
                // The driver reads its connectors' states every 5 s: UP once it has.
                Await.until(
                        "/health UP before the outage", WAIT, () -> health(base).statusCode() == 200);

                clusters.a.stopBroker();
                long stoppedAt = System.nanoTime();
                int linesBefore = driver.output().split("\n").length;
                JsonNode down = Await.value(
                        "/health naming A unreachable",
                        Duration.ofSeconds(60),
                        () -> {
                            HttpResponse<String> health = health(base);
                            return health.statusCode() == 503 ? new ObjectMapper().readTree(health.body()) : null;
                        },
                        h -> h != null
                                && !h.path("clusters")
                                        .path("A")
                                        .path("reachable")
                                        .asBoolean(true));
                assertTrue(down.path("clusters").path("B").path("reachable").asBoolean(), down.toString());
                assertTrue(
                        down.path("clusters").path("A").path("unreachableSince").isTextual(), down.toString());
                JsonNode status = status(base);
                JsonNode a = null;
                for (JsonNode cluster : status.path("clusters")) {
                    if ("A".equals(cluster.path("cluster").asText())) {
                        a = cluster;
                    }
                }
                assertTrue(a != null && !a.path("reachable").asBoolean(), status.toString());
                Process table = new ProcessBuilder(
                                DriverProcess.script().toString(), "status", config.toString(), "--url", base)
                        .redirectErrorStream(true)
                        .redirectOutput(work.resolve("status.txt").toFile())
                        .start();
                assertEquals(1, table.waitFor(), "status exits 1 while a cluster does not answer");
                String text = java.nio.file.Files.readString(work.resolve("status.txt"));
                assertTrue(text.contains("Cluster A is UNREACHABLE since "), text);

                // The outage lasts a minute, then A comes back.
                Await.until(
                        "a minute of outage",
                        OUTAGE.plusSeconds(10),
                        () -> System.nanoTime() - stoppedAt >= OUTAGE.toNanos());
                String during = String.join(
                        "\n",
                        List.of(driver.output().split("\n"))
                                .subList(linesBefore, driver.output().split("\n").length));
                long warnings = during.lines().filter(l -> l.contains(" WARN ")).count();
                System.out.printf("WARN lines during %d s with A down: %d%n", OUTAGE.toSeconds(), warnings);
                assertEquals(
                        1,
                        Pattern.compile("Cluster A is unreachable")
                                .matcher(during)
                                .results()
                                .count(),
                        during);
                assertTrue(warnings <= 30, "the outage is said once, not per connection attempt:\n" + during);
                clusters.a.startBroker();
                clusters.onA.produce(TestRecords.varied("orders", 2, 1_000, TestRecords.recent(), "-after"));

                Await.until(
                        "A answers again, said in the log",
                        WAIT,
                        () -> driver.output().contains("Cluster A answers again"));
                Await.until("/health UP again", WAIT, () -> health(base).statusCode() == 200);
                Await.until("every record on B", WAIT, () -> clusters.onB.endOffsetSum("A.orders") >= 2_000);
                RecordAssertions.assertSameRecords(
                        "A.orders after the outage",
                        clusters.onA.consumeAll("orders"),
                        clusters.onB.consumeAll("A.orders"));
            }
        }
    }

    private static HttpResponse<String> health(String base) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "health")).build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode status(String base) throws Exception {
        return new ObjectMapper()
                .readTree(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(base + "status"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }
}
