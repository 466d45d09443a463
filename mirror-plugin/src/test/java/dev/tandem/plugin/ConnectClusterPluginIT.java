package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.records.TestRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tandem's plugin on a distributed Connect cluster of two stock Kafka 4.3.1 workers, each its own JVM with the plugin
 * only on plugin.path: the three connectors of flow A->B created through REST from the shipped JSON files replicate
 * records, checkpoints and heartbeats; a worker killed with SIGKILL hands its tasks to the other and nothing is lost.
 */
class ConnectClusterPluginIT {

    private static final String TOPIC = "orders";
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STATUS_TASK_KEY = Pattern.compile("status-task-(.+)-(\\d+)");

    @Test
    void shouldReplicateOnTwoWorkersAndSurviveOneKilled(@TempDir Path tmp) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, PARTITIONS);
            clusters.onA.produce(
                    TestRecords.varied(TOPIC, PARTITIONS, 2000, System.currentTimeMillis() - 60_000, "-first"));
            Map<TopicPartition, Long> committed = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                committed.put(new TopicPartition(TOPIC, p), 100L + 37 * p);
            }
            clusters.onA.commit("billing", committed);

            // Lost tasks move after the session timeout (10 s) plus this delay (Connect's default is 5 minutes).
            Map<String, String> worker = Map.of("scheduled.rebalance.max.delay.ms", "5000");
            try (StockConnectWorker one = StockConnectWorker.start(
                            PluginFlow.workerLib("4.3"),
                            PluginFlow.pluginPath(),
                            clusters.b,
                            "tandem-plugin",
                            tmp.resolve("worker-1"),
                            worker);
                    StockConnectWorker two = StockConnectWorker.start(
                            PluginFlow.workerLib("4.3"),
                            PluginFlow.pluginPath(),
                            clusters.b,
                            "tandem-plugin",
                            tmp.resolve("worker-2"),
                            worker)) {
                assertEquals("4.3.1", one.version(), "GET / of the stock worker");
                ConnectRestClient rest = one.rest();
                PluginFlow.assertListed(rest);
                PluginFlow.assertListed(two.rest());
                PluginFlow.assertValidationErrors(rest, clusters.a, clusters.b);

                PluginFlow.create(rest, clusters.a, clusters.b);
                PluginFlow.CONNECTORS.forEach(name -> PluginFlow.awaitRunning(two.rest(), name));
                // A task is listed once its worker reports its state: the two workers start theirs a moment apart.
                Await.until(
                        "tasks.max=4 of source.json: 4 source tasks RUNNING",
                        Duration.ofSeconds(90),
                        () -> rest.isRunning(PluginFlow.SOURCE, 4));
                assertEquals(
                        4,
                        rest.status(PluginFlow.SOURCE).path("tasks").size(),
                        "tasks.max=4 of source.json, 4 partitions");
                assertEquals(
                        0, PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC), "duplicates before any failure");
                PluginFlow.awaitCheckpoints(clusters.b, "billing", committed);
                PluginFlow.awaitHeartbeats(clusters.onB);

                StockConnectWorker victim = tasksOn(rest, one.workerId()).isEmpty() ? two : one;
                StockConnectWorker survivor = victim == one ? two : one;
                Set<String> moved = tasksOn(rest, victim.workerId());
                assertFalse(moved.isEmpty(), "the two workers share the tasks: " + tasksOn(rest, null));

                // Records keep arriving on A while the worker dies and its tasks move.
                clusters.onA.produce(
                        TestRecords.varied(TOPIC, PARTITIONS, 200, System.currentTimeMillis(), "-before-kill"));
                victim.kill();
                long killedAt = System.nanoTime();
                Set<String> killStates = awaitMovedWhileProducing(clusters, moved, survivor, "-kill-");
                double movedAfter = (System.nanoTime() - killedAt) / 1e9;
                // Nobody writes UNASSIGNED for a killed worker: until the group reassigns its tasks, Connect's status
                // keeps naming the dead worker. What is seen here: RUNNING on the dead one, then on the survivor.
                assertTrue(killStates.stream().noneMatch(s -> s.contains("FAILED")), "states seen: " + killStates);
                assertEquals(
                        Set.of(), unassignedBy(clusters, victim), "UNASSIGNED written for the killed worker's tasks");
                int duplicates = PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC);
                System.out.printf(
                        "SIGKILL of %s: tasks %s RUNNING on %s %.1f s later; states seen %s; %d records re-copied%n",
                        victim.workerId(), moved, survivor.workerId(), movedAfter, killStates, duplicates);

                // A worker stopped cleanly (SIGTERM) reports its tasks UNASSIGNED, and a new worker takes them. The
                // survivor is the only worker when it stops: had a third one joined first, a cooperative rebalance
                // could hand it part of the tasks, and a revoked task's UNASSIGNED is skipped when the new owner
                // has already written RUNNING (Connect's putSafe), so which tasks get one would be a race.
                Set<String> all = tasksOn(survivor.rest(), null);
                assertEquals(all, tasksOn(survivor.rest(), survivor.workerId()), "the survivor runs everything");
                survivor.close();
                clusters.onA.produce(
                        TestRecords.varied(TOPIC, PARTITIONS, 200, System.currentTimeMillis(), "-no-worker"));
                Set<String> expected = new TreeSet<>(all.stream()
                        .map(id -> id.contains("/") ? "task " + id : "status-connector-" + id)
                        .toList());
                Set<String> unassigned = Await.value(
                        "the stopped worker to report each of its connectors and tasks " + "UNASSIGNED: " + expected,
                        Duration.ofSeconds(30),
                        () -> unassignedBy(clusters, survivor),
                        expected::equals);
                try (StockConnectWorker three = StockConnectWorker.start(
                        PluginFlow.workerLib("4.3"),
                        PluginFlow.pluginPath(),
                        clusters.b,
                        "tandem-plugin",
                        tmp.resolve("worker-3"),
                        worker)) {
                    Set<String> stopStates = awaitMovedWhileProducing(clusters, all, three, "-stop-");
                    duplicates = PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC);
                    System.out.printf(
                            "SIGTERM of %s: UNASSIGNED written for %s; then states seen %s; %d records re-copied in all%n",
                            survivor.workerId(), unassigned, stopStates, duplicates);
                }
            }
        }
    }

    /**
     * Produces a few records at a time to A until each of {@code tasks} is RUNNING on {@code target}; returns every
     * "task state on worker" seen on the way.
     */
    private static Set<String> awaitMovedWhileProducing(
            TwoClusters clusters, Set<String> tasks, StockConnectWorker target, String label)
            throws InterruptedException {
        Set<String> seen = new LinkedHashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (int batch = 0; ; batch++) {
            clusters.onA.produce(TestRecords.varied(TOPIC, PARTITIONS, 40, System.currentTimeMillis(), label + batch));
            Map<String, String> now = taskStates(target.rest());
            tasks.forEach(task -> seen.add(task + " " + now.get(task)));
            if (tasks.stream().allMatch(task -> ("RUNNING on " + target.workerId()).equals(now.get(task)))) {
                return seen;
            }
            assertTrue(
                    System.nanoTime() < deadline,
                    "tasks " + tasks + " did not move to " + target.workerId() + " within 120 s; states seen: " + seen);
            Thread.sleep(250); // paces the producer between status reads
        }
    }

    /**
     * The connectors and tasks ("task A->B.source/0") for which {@code worker} wrote UNASSIGNED into the Connect
     * cluster's status topic: the whole history, not the latest state.
     */
    private static Set<String> unassignedBy(TwoClusters clusters, StockConnectWorker worker) throws IOException {
        Set<String> unassigned = new TreeSet<>();
        for (ConsumerRecord<byte[], byte[]> record : clusters.onB.consumeAll("tandem-plugin.status.internal")) {
            if (record.value() == null) {
                continue;
            }
            JsonNode status = JSON.readTree(record.value());
            if ("UNASSIGNED".equals(status.path("state").asText())
                    && worker.workerId().equals(status.path("worker_id").asText())) {
                String key = new String(record.key(), StandardCharsets.UTF_8); // status-task-A->B.source-0
                Matcher task = STATUS_TASK_KEY.matcher(key);
                unassigned.add(task.matches() ? "task " + task.group(1) + "/" + task.group(2) : key);
            }
        }
        return unassigned;
    }

    /** "connector/task" ids of the tasks (and connectors) a worker runs, or of all when {@code workerId} is null. */
    private static Set<String> tasksOn(ConnectRestClient rest, String workerId) {
        Set<String> tasks = new LinkedHashSet<>();
        taskStates(rest).forEach((task, state) -> {
            if (workerId == null || state.endsWith(" on " + workerId)) {
                tasks.add(task);
            }
        });
        return tasks;
    }

    /** Every connector's and task's state and worker, as GET /connectors/NAME/status tells. */
    private static Map<String, String> taskStates(ConnectRestClient rest) {
        Map<String, String> states = new TreeMap<>();
        for (String connector : PluginFlow.CONNECTORS) {
            JsonNode status = rest.status(connector);
            states.put(connector, state(status.path("connector")));
            for (JsonNode task : status.path("tasks")) {
                states.put(connector + "/" + task.path("id").asInt(), state(task));
            }
        }
        return states;
    }

    private static String state(JsonNode status) {
        return status.path("state").asText() + " on " + status.path("worker_id").asText();
    }
}
