package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.net.FaultProxy;
import dev.tandem.testkit.records.SteadyLoad;
import dev.tandem.testkit.records.TopicCopyAudit;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The network between the driver and one cluster black-holed (connections stay open, nothing answers: the hardest
 * outage for clients, which learn of it only by their timeouts) while both clusters stay up and records keep coming
 * on the source. The outage lasts {@code -Dtandem.outage.seconds} (by default 60 for the target, 40 for the source
 * variant below; 600 for the long run of the verification document), longer than the clients' request timeout. While it
 * lasts, {@code /health} and {@code /status} name the cluster; after it, every record arrives, every connector
 * and task is RUNNING again without a restart by hand, and the driver's log holds no ERROR line but Connect's
 * runtime's own about the worker whose cluster is away (the worker stops its tasks, which is not an error).
 *
 * <p>The target's outage starts while everything runs. The source's starts at the worst moment for the worker that
 * lives on it: while that worker writes the commit of its heartbeat connector's first task configs (the network to
 * A slowed by 200 ms until then, so the moment lasts long enough to hit). Connect then reads the commit twice once
 * the network heals and loses the task configs; the driver has them written again (seen in CI on 2026-12-07, when
 * the outage began there by chance).
 */
class NetworkOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("tandem.outage.seconds", 60));
    /**
     * The source variant's outage: 40 s by default, past the 30 s after which the worker's write of the commit
     * times out (the moment that matters there), to keep the suite within its time; the property sets both.
     */
    private static final Duration OUTAGE_AT_COMMIT = Duration.ofSeconds(Long.getLong("tandem.outage.seconds", 40));

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int RATE = 200;
    private static final String TOPIC = "orders";
    /** The loggers of Connect's runtime that report a worker's trouble with its own cluster. */
    private static final Pattern CONNECT_RUNTIME_LOGGER = Pattern.compile(" (Worker|WorkerConnector|WorkerTask"
            + "|WorkerSourceTask|AbstractWorkerSourceTask|ExactlyOnceWorkerSourceTask|SourceTaskOffsetCommitter"
            + "|WorkerCoordinator|DistributedHerder|Kafka(Config|Offset|Status)BackingStore|KafkaBasedLog) - ");

    private static final Duration SLOW_LINK = Duration.ofMillis(200);
    /** Connect's config store at DEBUG on top of the driver's logging: it says when the commit is written. */
    private static final Path CONFIG_WRITES_LOGGING = Path.of("src/test/resources/driver-log4j2-config-writes.xml");
    /** Every connector of the two flows: A->B's source, checkpoint and heartbeat; B->A's heartbeat. */
    private static final int CONNECTORS = 4;

    @Test
    void sourceBlackHoledWhileItsWorkerWritesTaskConfigs() throws Exception {
        outage("A", true);
    }

    @Test
    void targetBlackHoledWhileBothClustersStayUp() throws Exception {
        outage("B", false);
    }

    private void outage(String away, boolean whileWritingTaskConfigs) throws Exception {
        Duration outage = whileWritingTaskConfigs ? OUTAGE_AT_COMMIT : OUTAGE;
        Path work = WorkDirs.fresh("NetworkOutageIT-" + away);
        try (TwoClusters clusters = TwoClusters.startBehindProxies()) {
            KafkaCluster cluster = "A".equals(away) ? clusters.a : clusters.b;
            FaultProxy network = cluster.faultProxy().orElseThrow();
            clusters.onA.createTopic(TOPIC, 2);
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = " + TOPIC,
                    "sync.topic.acls.enabled = false");
            Map<String, String> environment = Map.of();
            if (whileWritingTaskConfigs) {
                network.latency(SLOW_LINK);
                environment =
                        Map.of("TANDEM_OPTS", "-Dlog4j2.configurationFile=" + CONFIG_WRITES_LOGGING.toAbsolutePath());
            }
            try (SteadyLoad load = SteadyLoad.start(clusters.onA, TOPIC, 2, RATE);
                    DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"), environment)) {
                if (whileWritingTaskConfigs) {
                    awaitCommitWritten(driver, flowInto(away) + ".heartbeat");
                } else {
                    driver.awaitStarted(WAIT, "B");
                    Await.until("the copy under way", WAIT, () -> clusters.onB.endOffsetSum("A." + TOPIC) >= RATE);
                    Await.until(
                            "/health UP before the outage",
                            WAIT,
                            () -> health(driver.httpBase()).statusCode() == 200);
                    awaitAllRunning(driver.httpBase(), "before the outage");
                }

                network.blackHole();
                String base = driver.httpBase();
                long from = System.nanoTime();
                JsonNode down = Await.value(
                        "/health naming " + away + " unreachable",
                        Duration.ofSeconds(60),
                        () -> unhealthy(base),
                        h -> h != null
                                && !h.path("clusters")
                                        .path(away)
                                        .path("reachable")
                                        .asBoolean(true));
                assertTrue(
                        down.path("clusters")
                                .path(away)
                                .path("unreachableSince")
                                .isTextual(),
                        down.toString());
                long noticedSeconds = Duration.ofNanos(System.nanoTime() - from).toSeconds();

                Await.until(
                        "the outage of " + outage.toSeconds() + " s",
                        outage.plusSeconds(30),
                        () -> System.nanoTime() - from >= outage.toNanos());
                // Still visible at its end, counted from its start.
                JsonNode late = unhealthy(base);
                assertTrue(late != null, "/health is still 503 at the end of the outage");
                long counted = late.path("clusters")
                        .path(away)
                        .path("unreachableSeconds")
                        .asLong();
                assertTrue(
                        counted >= outage.toSeconds() - noticedSeconds - 15,
                        "unreachableSeconds " + counted + " after " + outage.toSeconds() + " s: " + late);
                assertTrue(unreachable(get(base, "status"), away), "status names " + away);
                long sentDuring = load.acknowledged();
                network.heal();
                System.out.printf(
                        "%s black-holed for %d s (noticed after %d s, /health counted %d s); A took %d records%n",
                        away,
                        Duration.ofNanos(System.nanoTime() - from).toSeconds(),
                        noticedSeconds,
                        counted,
                        sentDuring);

                Await.until(
                        away + " answers again, said in the log",
                        WAIT,
                        () -> driver.output().contains("Cluster " + away + " answers again"));
                Await.until(
                        "records written after the outage copied",
                        WAIT,
                        () -> clusters.onB.endOffsetSum("A." + TOPIC) >= sentDuring + RATE);
                load.close();
                TopicCopyAudit audit = Await.value(
                        "every record of " + TOPIC + " on B",
                        WAIT,
                        () -> TopicCopyAudit.of(clusters.onA, TOPIC, clusters.onB, "A." + TOPIC),
                        a -> a.lost() == 0);
                System.out.printf("After %s black-holed %d s: %s%n", away, outage.toSeconds(), audit);
                assertEquals(0, audit.lost(), audit.toString());
                assertEquals(List.of(), audit.problems(), audit.toString());
                Await.until("/health UP again", WAIT, () -> health(base).statusCode() == 200);
                awaitAllRunning(base, "after the outage");
                assertTrue(driver.isAlive(), "the driver runs on");
                // A connector Connect left with no task was stopped and resumed: said in the log and counted alike.
                long repairsLogged = driver.output()
                        .lines()
                        .filter(l -> l.contains("LostTaskConfigsRepair - ") && l.contains("with no task although"))
                        .count();
                System.out.printf("Connectors stopped and resumed for lost task configs: %d%n", repairsLogged);
                assertEquals(repairsLogged, rewrittenCount(base), "repairs in the log and in /metrics");
                // An outage is reported by the driver (WARN, then INFO when it ends); Tandem's own code logs no ERROR
                // for it. Connect's runtime does, for the worker whose internal topics and group live on the away
                // cluster, and Tandem cannot avoid those (all seen in runs of 2026-12-06): its backing stores cannot
                // write (Connect retries), its tasks' offset flushes time out, its connectors and tasks miss their
                // stop deadlines (Connect's status write at a stop waits for the group coordinator's lock, which the
                // herder holds while it looks for the coordinator), and its LeaveGroup is refused after the outage.
                // Those lines are allowed when they come from Connect's runtime and concern that worker only.
                List<String> errors = driver.output()
                        .lines()
                        .filter(l -> l.contains(" ERROR "))
                        .filter(l -> !awayWorkersConnectError(l, away))
                        .toList();
                assertEquals(List.of(), errors, "no ERROR line in the driver's log");
            }
        }
    }

    /**
     * An ERROR of Connect's runtime about the worker whose cluster is away: its connectors' and tasks' context
     * ({@code [B->A.heartbeat|task-0]} when A is away), its group ({@code groupId=tandem-A}), or a backing store's
     * failed write (only that worker's stores can fail to write while the other cluster answers).
     */
    private static boolean awayWorkersConnectError(String line, String away) {
        if (!CONNECT_RUNTIME_LOGGER.matcher(line).find()) {
            return false;
        }
        String flow = flowInto(away);
        return line.contains("[" + flow + ".")
                || line.contains("Connector '" + flow + ".")
                || line.contains("task " + flow + ".")
                || line.contains("groupId=tandem-" + away + "]")
                || line.matches(".* Kafka(Config|Offset|Status)BackingStore - Failed to write .*");
    }

    /** The flow whose worker lives on {@code cluster}: the one into it. */
    private static String flowInto(String cluster) {
        return ("A".equals(cluster) ? "B" : "A") + "->" + cluster;
    }

    /**
     * Waits until {@code /status} lists every connector and task RUNNING: the driver reads the states every 5 s,
     * so a task that just started may not be listed yet when {@code /health} first answers 200.
     */
    private static void awaitAllRunning(String base, String when) {
        Await.value("every connector and task RUNNING " + when, WAIT, () -> get(base, "status"), s -> {
            try {
                assertAllRunning(s);
                return true;
            } catch (AssertionError notYet) {
                return false;
            }
        });
    }

    /**
     * Waits (polling the log every few milliseconds, as the moment is short) until the worker has sent the commit of
     * {@code connector}'s first task configs.
     */
    private static void awaitCommitWritten(DriverProcess driver, String connector) throws Exception {
        String commit = "Writing commit for connector '" + connector + "' with 1 tasks";
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!driver.output().contains(commit)) {
            assertTrue(System.nanoTime() < deadline, "no '" + commit + "' in the log within " + WAIT);
            assertTrue(driver.isAlive(), "the driver exited:\n" + driver.output());
            Thread.sleep(5);
        }
    }

    /** Every connector of both flows listed and RUNNING, with tasks all RUNNING. */
    private static void assertAllRunning(JsonNode status) {
        List<String> notRunning = new ArrayList<>();
        int listed = 0;
        for (JsonNode flow : status.path("flows")) {
            listed += flow.path("connectors").size();
        }
        if (listed != CONNECTORS) {
            notRunning.add(listed + " connectors listed, not " + CONNECTORS);
        }
        for (JsonNode flow : status.path("flows")) {
            flow.path("connectors").properties().forEach(c -> {
                JsonNode tasks = c.getValue().path("tasks");
                boolean running = "RUNNING".equals(c.getValue().path("state").asText())
                        && tasks.size() == 1
                        && tasks.has("RUNNING");
                if (!running) {
                    notRunning.add(flow.path("flow").asText() + " " + c.getKey() + " " + c.getValue());
                }
            });
        }
        assertEquals(List.of(), notRunning, status.toString());
    }

    /** {@code tandem_connector_task_configs_rewritten_total} summed over connectors (0 before the first repair). */
    private static long rewrittenCount(String base) throws Exception {
        String metrics = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "metrics"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return Math.round(metrics.lines()
                .filter(l -> l.startsWith("tandem_connector_task_configs_rewritten_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum());
    }

    private static boolean unreachable(JsonNode status, String alias) {
        for (JsonNode cluster : status.path("clusters")) {
            if (alias.equals(cluster.path("cluster").asText())) {
                return !cluster.path("reachable").asBoolean(true);
            }
        }
        return false;
    }

    /** The /health answer when it is 503, else null. */
    private static JsonNode unhealthy(String base) throws Exception {
        HttpResponse<String> health = health(base);
        return health.statusCode() == 503 ? new ObjectMapper().readTree(health.body()) : null;
    }

    private static HttpResponse<String> health(String base) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "health"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String base, String path) throws Exception {
        return new ObjectMapper()
                .readTree(HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(base + path))
                                        .timeout(Duration.ofSeconds(30))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body());
    }
}
