package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.records.SteadyLoad;
import dev.tandem.testkit.records.TestRecords;
import dev.tandem.testkit.records.TopicCopyAudit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * As MM2's {@code DedicatedMirrorIntegrationTest#testMultiNodeCluster}: a dedicated cluster of two driver processes
 * with one mm2.properties is restarted one process at a time with a changed flow setting (a topic added to
 * {@code A->B.topics}) while records keep coming. The new setting reaches the connector and its tasks whichever
 * process leads the Connect group, the added topic is copied record for record, and no record of the running flow is
 * lost or copied twice.
 */
class RollingRestartIT {

    private static final String SOURCE = "A->B.source";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String NEW_TOPICS = "orders, payments";

    @Test
    void shouldTakeAChangedFlowSettingThroughARollingRestart() throws Exception {
        Path work = WorkDirs.fresh("RollingRestartIT");
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 2);
            clusters.onA.createTopic("payments", 2);
            clusters.onA.produce(TestRecords.varied("payments", 2, 500, System.currentTimeMillis() - 60_000));
            String[] common = {"tasks.max = 2", "refresh.topics.interval.seconds = 1", "sync.topic.acls.enabled = false"
            };
            Path before = Mm2Properties.write(
                    work.resolve("before.properties"), clusters, with(common, "A->B.topics = orders"));
            Path after = Mm2Properties.write(
                    work.resolve("after.properties"), clusters, with(common, "A->B.topics = " + NEW_TOPICS));
            try (SteadyLoad load = SteadyLoad.start(clusters.onA, "orders", 2, 200)) {
                DriverProcess first = DriverProcess.start(before, work.resolve("first-1.log"));
                DriverProcess second = DriverProcess.start(before, work.resolve("second-1.log"));
                try {
                    first.awaitStarted(WAIT, "B");
                    second.awaitStarted(WAIT, "B");
                    Await.until(
                            "orders flows",
                            WAIT,
                            () -> clusters.onB.topics().contains("A.orders")
                                    && clusters.onB.endOffsetSum("A.orders") > 200);

                    first = restart(first, second, after, work.resolve("first-2.log"));
                    second = restart(second, first, after, work.resolve("second-2.log"));

                    for (DriverProcess process : List.of(first, second)) {
                        ConnectRestClient rest = new ConnectRestClient(process.workerUrl("B"));
                        Await.until(
                                "the new topics setting on " + process.workerUrl("B"),
                                WAIT,
                                () -> NEW_TOPICS.equals(get(rest, "/config")
                                                .path("topics")
                                                .asText())
                                        && get(rest, "/tasks").size() == 2
                                        && get(rest, "/tasks").findValues("topics").stream()
                                                .allMatch(t -> NEW_TOPICS.equals(t.asText())));
                    }
                    TopicCopyAudit payments = awaitEveryRecord(clusters, "payments");
                    System.out.printf("payments, added by the rolling restart: %s%n", payments);
                    assertEquals(500, payments.sourceRecords(), payments.toString());
                    assertEquals(List.of(), payments.problems(), payments.toString());
                    assertEquals(0, payments.duplicates(), payments.toString());
                    // The load stops, then every record written through both restarts must be on B.
                    load.close();
                    TopicCopyAudit audit = awaitEveryRecord(clusters, "orders");
                    System.out.printf("orders through the rolling restart: %s%n", audit);
                    assertEquals(List.of(), audit.problems(), audit.toString());
                    assertEquals(0, audit.duplicates(), "stops on SIGTERM copy nothing twice: " + audit);
                } finally {
                    first.close();
                    second.close();
                }
            }
        }
    }

    /**
     * Stops {@code old} with SIGTERM, waits until {@code other} runs every task of the source connector, then starts
     * the process again on {@code config}.
     */
    private static DriverProcess restart(DriverProcess old, DriverProcess other, Path config, Path log)
            throws Exception {
        int code = old.terminate();
        assertTrue(code == 0 || code == 143, "a clean stop on SIGTERM, exit code " + code);
        assertTrue(old.output().contains("Tandem stopping"), old.output());
        java.net.URI otherUrl = other.workerUrl("B");
        ConnectRestClient rest = new ConnectRestClient(otherUrl);
        String otherWorker = otherUrl.getHost() + ":" + otherUrl.getPort();
        Await.until("the other process runs both source tasks", WAIT, () -> {
            JsonNode tasks = rest.status(SOURCE).path("tasks");
            int running = 0;
            for (JsonNode task : tasks) {
                if ("RUNNING".equals(task.path("state").asText())
                        && otherWorker.equals(task.path("worker_id").asText())) {
                    running++;
                }
            }
            return running == 2;
        });
        DriverProcess started = DriverProcess.start(config, log);
        started.awaitStarted(WAIT, "B");
        assertTrue(started.isAlive(), started.output());
        return started;
    }

    /** Waits until every record of {@code topic} on A is in its copy on B; duplicates and problems are counted. */
    private static TopicCopyAudit awaitEveryRecord(TwoClusters clusters, String topic) {
        return Await.value(
                "every record of " + topic + " on B",
                WAIT,
                () -> TopicCopyAudit.of(clusters.onA, topic, clusters.onB, "A." + topic),
                a -> a.lost() == 0);
    }

    /** GET /connectors/A->B.source{@code path} on that worker's REST API. */
    private static JsonNode get(ConnectRestClient rest, String path) {
        return rest.call("GET", "/connectors/" + ConnectRestClient.encode(SOURCE) + path, null, 200);
    }

    private static String[] with(String[] common, String setting) {
        String[] all = java.util.Arrays.copyOf(common, common.length + 1);
        all[common.length] = setting;
        return all;
    }
}
