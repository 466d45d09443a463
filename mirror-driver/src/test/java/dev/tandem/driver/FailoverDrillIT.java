package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.client.TopicReader;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code connect-mirror-maker drill} against A<->B active/active run by the driver: a planned failover (A up, parity
 * verified, a group active on B refused), an unplanned one (A's broker stopped while replication lags, the drill
 * working from B alone, its recovery point equal to what B really lacks), and the failback once A is back. After
 * each move a consumer starting from the committed offsets reads exactly what it would have read had it stayed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverDrillIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PARTITIONS = 2;

    private final Path work;
    private TwoClusters clusters;
    private DriverProcess driver;
    private Path config;
    /** Where shipping stood on A when it failed over; the failback brings it back from there. */
    private Map<TopicPartition, Long> shippingOnA;
    /** The first phase that failed: the later ones start where it ended, so they do not run. */
    private String failedPhase;

    FailoverDrillIT() throws IOException {
        work = Files.createDirectories(Path.of("target", "it-drill"));
    }

    /** A<->B with 2,000 records each way, both copied, the driver running. */
    @BeforeAll
    void startActiveActive() throws Exception {
        clusters = TwoClusters.start();
        KafkaTestClient onA = clusters.onA;
        KafkaTestClient onB = clusters.onB;
        onA.createTopic("orders", PARTITIONS);
        onB.createTopic("orders", PARTITIONS);
        long now = System.currentTimeMillis();
        onA.produce(TestRecords.varied("orders", PARTITIONS, 2_000, now, "-A1"));
        onB.produce(TestRecords.varied("orders", PARTITIONS, 2_000, now, "-B1"));

        config = work.resolve("mm2.properties");
        Mm2Properties.write(
                config,
                clusters,
                "B->A.enabled = true",
                "topics = orders",
                "tasks.max = 2",
                "emit.checkpoints.interval.seconds = 1",
                "refresh.groups.interval.seconds = 1",
                "offset.syncs.interval.ms = 500",
                // One producer batch per fetch, so that a byte-rate quota on A makes replication lag (phase 2).
                "A.consumer.max.partition.fetch.bytes = 1024",
                "A.consumer.fetch.max.bytes = 1024");
        driver = DriverProcess.start(config, work.resolve("driver.log"));
        driver.awaitStarted(Duration.ofSeconds(90), "A", "B");
        awaitCaughtUp(onA, "orders", onB, "A.orders");
        awaitCaughtUp(onB, "orders", onA, "B.orders");
    }

    @AfterAll
    void stop() throws Exception {
        try (TwoClusters stopLast = clusters) {
            if (driver != null) {
                driver.close();
            }
        }
    }

    @Test
    @Order(1)
    void plannedFailoverMovesGroupsExactly() throws Exception {
        phase("planned failover", () -> plannedFailover(config, work, clusters.onA, clusters.onB));
    }

    @Test
    @Order(2)
    void unplannedFailoverWorksFromBAlone() throws Exception {
        phase("unplanned failover", () -> shippingOnA = unplannedFailover(config, work, clusters));
    }

    @Test
    @Order(3)
    void failbackReturnsGroupsExactly() throws Exception {
        phase("failback", () -> {
            failback(config, work, clusters, shippingOnA);
            assertTrue(driver.isAlive(), "the driver survived A's outage");
        });
    }

    /** One phase of the scenario, reported on its own; not run on the leftovers of a failed one. */
    private void phase(String name, Phase phase) throws Exception {
        assumeTrue(
                failedPhase == null,
                "not run: the " + failedPhase + " phase failed, and this one starts where it ended");
        try {
            phase.run();
        } catch (Exception | Error e) {
            failedPhase = name;
            throw e;
        }
    }

    @FunctionalInterface
    private interface Phase {
        void run() throws Exception;
    }

    /** A up, writes stopped and replicated: the plan shows no lag, parity holds, and the move is exact. */
    private static void plannedFailover(Path config, Path work, KafkaTestClient onA, KafkaTestClient onB)
            throws Exception {
        Map<TopicPartition, Long> onAOffsets = Map.of(
                new TopicPartition("orders", 0),
                700L,
                new TopicPartition("orders", 1),
                950L,
                new TopicPartition("B.orders", 0),
                400L,
                new TopicPartition("B.orders", 1),
                999L);
        onA.commit("audit", onAOffsets);

        Drill plan =
                Drill.run(config, work, "planned-plan", "--from", "A", "--to", "B", "--groups", "audit", "--verify");
        assertEquals(0, plan.exit, plan.describe());
        assertNull(plan.json.get("fromUnreachable").textValue(), plan.describe());
        assertEquals(0, plan.json.get("rpoRecords").asLong(), plan.describe());
        assertEquals(PARTITIONS, plan.json.get("partitions").size(), plan.describe());
        for (JsonNode partition : plan.json.get("partitions")) {
            assertEquals(0, partition.get("lagRecords").asLong(), plan.describe());
            JsonNode parity = partition.get("parity");
            assertTrue(
                    parity.get("checked").asBoolean() && parity.get("matches").asBoolean(), plan.describe());
            assertEquals(1_000, parity.get("sourceRecords").asLong(), "every record of the partition compared");
        }
        JsonNode audit = group(plan.json, "audit");
        assertEquals("planned", audit.get("result").asText(), plan.describe());
        assertEquals(4, audit.get("partitions").size(), plan.describe());
        for (JsonNode p : audit.get("partitions")) {
            assertEquals(0, p.get("rereadAtMost").asLong(), plan.describe());
            assertEquals(0, p.get("missing").asLong(), plan.describe());
        }
        Drill text =
                Drill.text(config, work, "planned-plan", "--from", "A", "--to", "B", "--groups", "audit", "--verify");
        assertEquals(0, text.exit, text.stdout + text.stderr);
        assertTrue(text.stdout.contains("Recovery point: 0 record(s) on A are not on B"), text.stdout);
        assertTrue(text.stdout.contains("identical (1000 / 1000 records"), text.stdout);
        assertTrue(text.stdout.contains("Nothing was changed."), text.stdout);

        // A consumer connected to the group on B: the drill refuses to move it and says why.
        try (KafkaConsumer<byte[], byte[]> active = onB.consumer(
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "audit", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            active.subscribe(List.of("A.orders"));
            Await.until("a consumer joined audit on B", Duration.ofSeconds(60), () -> {
                active.poll(Duration.ofMillis(200));
                return !active.assignment().isEmpty();
            });
            Drill refused = Drill.run(
                    config, work, "planned-refused", "--from", "A", "--to", "B", "--groups", "audit", "--execute");
            assertEquals(1, refused.exit, refused.describe());
            assertEquals("refused", group(refused.json, "audit").get("result").asText(), refused.describe());
            assertTrue(
                    group(refused.json, "audit")
                            .get("outcome")
                            .asText()
                            .startsWith("refused: 1 consumer(s) are connected"),
                    refused.describe());
            assertTrue(onB.committed("audit").isEmpty(), "nothing committed for a refused group");

            // --force removes the connected consumer first, then commits.
            Drill forced = Drill.run(
                    config,
                    work,
                    "planned-forced",
                    "--from",
                    "A",
                    "--to",
                    "B",
                    "--groups",
                    "audit",
                    "--execute",
                    "--force");
            assertEquals(0, forced.exit, forced.describe());
            assertEquals("committed", group(forced.json, "audit").get("result").asText(), forced.describe());
            assertEquals(
                    "committed 4 offset(s) after removing 1 member(s)",
                    group(forced.json, "audit").get("outcome").asText(),
                    forced.describe());
        }
        assertMovedExactly("planned failover", onA, onAOffsets, onB, onB.committed("audit"), "A", "B");
    }

    /**
     * Replication of A lags behind a byte-rate quota; groups on A committed; A's broker stops. The drill, with B
     * alone, reports how many records B lacks (checked against B's logs), and commits the groups' positions on B.
     */
    private static Map<TopicPartition, Long> unplannedFailover(Path config, Path work, TwoClusters clusters)
            throws Exception {
        KafkaTestClient onA = clusters.onA;
        KafkaTestClient onB = clusters.onB;
        throttleSourceTasks(onA.admin(), 4096.0);
        onA.produce(TestRecords.varied("orders", PARTITIONS, 3_000, System.currentTimeMillis(), "-A2"));
        Map<TopicPartition, Long> endsOnA = onA.endOffsets("orders");
        // shipping is behind replication (its position is on B); tail read everything A has.
        Map<TopicPartition, Long> shipping = Map.of(
                new TopicPartition("orders", 0),
                1_020L,
                new TopicPartition("orders", 1),
                600L,
                new TopicPartition("B.orders", 0),
                990L,
                new TopicPartition("B.orders", 1),
                10L);
        onA.commit("shipping", shipping);
        onA.commit("tail", endsOnA);

        // What B must hold before A dies for the drill to be exact: checkpoints of the last commits, and the
        // replicator's view of A's end (it fetched everything once, even if it has not copied it).
        Await.until("checkpoints on B of shipping's commits on A", Duration.ofSeconds(60), () -> {
            Map<TopicPartition, Checkpoint> latest = checkpoints(clusters.b.bootstrapServers(), "shipping");
            return shipping.entrySet().stream().allMatch(e -> {
                String onBTopic = e.getKey().topic().equals("orders") ? "A.orders" : "orders";
                Checkpoint c =
                        latest.get(new TopicPartition(onBTopic, e.getKey().partition()));
                return c != null && c.upstreamOffset() == e.getValue() && c.downstreamOffset() == e.getValue();
            });
        });
        Await.until("checkpoints on B of tail's commits on A", Duration.ofSeconds(60), () -> {
            Map<TopicPartition, Checkpoint> latest = checkpoints(clusters.b.bootstrapServers(), "tail");
            return endsOnA.entrySet().stream().allMatch(e -> {
                Checkpoint c =
                        latest.get(new TopicPartition("A.orders", e.getKey().partition()));
                return c != null && c.upstreamOffset() == e.getValue();
            });
        });
        Await.until("the replicator saw A's end of every partition", Duration.ofSeconds(60), () -> {
            Map<TopicPartition, ReplicationPosition> positions = positions(clusters.b.bootstrapServers());
            return endsOnA.entrySet().stream()
                    .allMatch(e -> positions.containsKey(e.getKey())
                            && positions.get(e.getKey()).sourceEnd() == e.getValue());
        });
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> ordersOnA = new HashMap<>();
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> mirroredOnA = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            ordersOnA.put(new TopicPartition("orders", p), onA.readFrom(new TopicPartition("orders", p), 0));
            mirroredOnA.put(new TopicPartition("B.orders", p), onA.readFrom(new TopicPartition("B.orders", p), 0));
        }

        clusters.a.stopBroker();
        long stoppedAt = System.currentTimeMillis();
        Drill text = Drill.text(
                config,
                work,
                "unplanned-plan",
                "--from",
                "A",
                "--to",
                "B",
                "--groups",
                "shipping|tail",
                "--timeout",
                "5");
        assertEquals(0, text.exit, text.stdout + text.stderr);
        assertTrue(text.stdout.contains("UNPLANNED (A unreachable"), text.stdout);
        assertFalse(
                text.stderr.contains("WARN"),
                "an unreachable cluster is reported once, not logged on every retry: " + text.stderr);
        long drillAt = System.currentTimeMillis();
        Drill drill = Drill.run(
                config,
                work,
                "unplanned-execute",
                "--from",
                "A",
                "--to",
                "B",
                "--groups",
                "shipping|tail",
                "--execute",
                "--timeout",
                "5");
        assertEquals(0, drill.exit, drill.describe());
        assertNotNull(drill.json.get("fromUnreachable").textValue(), drill.describe());
        long missingOnB = 0;
        Map<TopicPartition, Long> endsOnB = onB.endOffsets("A.orders");
        for (int p = 0; p < PARTITIONS; p++) {
            missingOnB += endsOnA.get(new TopicPartition("orders", p)) - endsOnB.get(new TopicPartition("A.orders", p));
        }
        assertTrue(missingOnB > 0, "replication lagged when A stopped: " + endsOnA + " vs " + endsOnB);
        assertEquals(
                missingOnB,
                drill.json.get("rpoRecords").asLong(),
                "the recovery point is what B really lacks; " + drill.describe());
        assertTrue(text.stdout.contains("Recovery point: " + missingOnB + " record(s) on A are not on B"), text.stdout);
        double sinceStop = (drillAt - stoppedAt) / 1000.0;
        for (JsonNode partition : drill.json.get("partitions")) {
            assertTrue(partition.get("replicatedExact").asBoolean(), drill.describe());
            // A's end is as old as the last fetch A answered, before it stopped (give or take the 1 s the task's
            // lag report waits), however long the replicator kept running after.
            assertTrue(
                    partition.get("sourceEndAgeSeconds").asDouble() >= sinceStop - 1.5,
                    "A stopped " + sinceStop + " s before the drill: " + drill.describe());
        }
        for (JsonNode p : group(drill.json, "tail").get("partitions")) {
            TopicPartition remote =
                    new TopicPartition("A.orders", p.get("partition").asInt());
            assertEquals(
                    endsOnB.get(remote), p.get("target").asLong(), "tail read everything: it continues at B's end");
            assertEquals(
                    p.get("committed").asLong() - (endsOnB.get(remote)),
                    p.get("rereadAtMost").asLong(),
                    "tail read records B lacks; the drill says how many could come again; " + drill.describe());
        }
        for (JsonNode p : group(drill.json, "shipping").get("partitions")) {
            TopicPartition onAtp = new TopicPartition(
                    p.get("sourceTopic").asText(), p.get("partition").asInt());
            assertEquals(
                    shipping.get(onAtp),
                    p.get("target").asLong(),
                    "linear topics translate one to one; " + drill.describe());
        }
        Map<TopicPartition, Long> shippingOnB = onB.committed("shipping");
        assertEquals(4, shippingOnB.size(), "shipping committed on B: " + shippingOnB);

        // A comes back; its records B lacked arrive after shipping's committed positions, and are read once.
        clusters.a.startBroker();
        throttleSourceTasks(onA.admin(), null);
        awaitCaughtUp(onA, "orders", onB, "A.orders");
        for (int p = 0; p < PARTITIONS; p++) {
            TopicPartition orders = new TopicPartition("orders", p);
            assertResumesExactly(
                    "unplanned failover, " + orders,
                    ordersOnA.get(orders),
                    shipping.get(orders),
                    onB.readFrom(
                            new TopicPartition("A.orders", p), shippingOnB.get(new TopicPartition("A.orders", p))));
            TopicPartition mirrored = new TopicPartition("B.orders", p);
            assertResumesExactly(
                    "unplanned failover, " + mirrored,
                    mirroredOnA.get(mirrored),
                    shipping.get(mirrored),
                    onB.readFrom(new TopicPartition("orders", p), shippingOnB.get(new TopicPartition("orders", p))));
        }
        return shipping;
    }

    /** shipping ran on B; once A is back and caught up it returns to A, exactly, parity verified. */
    private static void failback(Path config, Path work, TwoClusters clusters, Map<TopicPartition, Long> before)
            throws Exception {
        KafkaTestClient onA = clusters.onA;
        KafkaTestClient onB = clusters.onB;
        onB.produce(TestRecords.varied("orders", PARTITIONS, 400, System.currentTimeMillis(), "-B3"));
        onA.produce(TestRecords.varied("orders", PARTITIONS, 400, System.currentTimeMillis(), "-A3"));
        awaitCaughtUp(onB, "orders", onA, "B.orders");
        awaitCaughtUp(onA, "orders", onB, "A.orders");
        // shipping consumed on B since the failover; its positions there now:
        Map<TopicPartition, Long> onBOffsets = Map.of(
                new TopicPartition("A.orders", 0),
                before.get(new TopicPartition("orders", 0)) + 900,
                new TopicPartition("A.orders", 1),
                before.get(new TopicPartition("orders", 1)) + 1_500,
                new TopicPartition("orders", 0),
                1_100L,
                new TopicPartition("orders", 1),
                1_050L);
        onB.commit("shipping", onBOffsets);

        Drill drill = Drill.run(
                config,
                work,
                "failback-execute",
                "--from",
                "B",
                "--to",
                "A",
                "--groups",
                "shipping",
                "--verify",
                "--execute");
        assertEquals(0, drill.exit, drill.describe());
        assertNull(drill.json.get("fromUnreachable").textValue(), drill.describe());
        for (JsonNode partition : drill.json.get("partitions")) {
            JsonNode parity = partition.get("parity");
            assertTrue(
                    parity.get("checked").asBoolean() && parity.get("matches").asBoolean(), drill.describe());
        }
        for (JsonNode p : group(drill.json, "shipping").get("partitions")) {
            assertEquals(0, p.get("rereadAtMost").asLong(), drill.describe());
        }
        assertMovedExactly("failback", onB, onBOffsets, onA, onA.committed("shipping"), "B", "A");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * For each partition a group committed on {@code from}: a consumer starting on {@code to} at the committed offset
     * reads exactly what it would have read on {@code from}.
     */
    private static void assertMovedExactly(
            String what,
            KafkaTestClient from,
            Map<TopicPartition, Long> committedOnFrom,
            KafkaTestClient to,
            Map<TopicPartition, Long> committedOnTo,
            String fromAlias,
            String toAlias) {
        assertEquals(committedOnFrom.size(), committedOnTo.size(), what + ": every partition moved: " + committedOnTo);
        for (Map.Entry<TopicPartition, Long> entry : committedOnFrom.entrySet()) {
            TopicPartition tp = entry.getKey();
            // orders on A <-> A.orders on B; B.orders on A <-> orders on B (and the same the other way round)
            String topicOnTo = tp.topic().startsWith(toAlias + ".")
                    ? tp.topic().substring(toAlias.length() + 1)
                    : fromAlias + "." + tp.topic();
            TopicPartition onTo = new TopicPartition(topicOnTo, tp.partition());
            assertTrue(
                    committedOnTo.containsKey(onTo),
                    what + ": " + onTo + " committed on " + toAlias + ": " + committedOnTo);
            assertResumesExactly(
                    what + ", " + tp,
                    from.readFrom(tp, 0),
                    entry.getValue(),
                    to.readFrom(onTo, committedOnTo.get(onTo)));
        }
    }

    /** The records read from the new position are exactly those after {@code committed} on the old cluster. */
    private static void assertResumesExactly(
            String what,
            List<ConsumerRecord<byte[], byte[]>> oldPartition,
            long committed,
            List<ConsumerRecord<byte[], byte[]>> readsAfterMove) {
        List<String> wouldRead = new ArrayList<>();
        oldPartition.stream()
                .filter(r -> r.offset() >= committed)
                .forEach(r -> wouldRead.add(RecordAssertions.identity(r)));
        List<String> read =
                readsAfterMove.stream().map(RecordAssertions::identity).toList();
        assertTrue(!wouldRead.isEmpty(), what + ": something is left to read after " + committed);
        assertEquals(
                wouldRead.size(),
                read.size(),
                what + ": as many records as would have been read (none skipped, none again)");
        assertEquals(wouldRead, read, what + ": the same records in the same order");
    }

    private static void awaitCaughtUp(KafkaTestClient source, String topic, KafkaTestClient target, String remote) {
        Await.until(remote + " holds all of " + topic, Duration.ofSeconds(120), () -> {
            if (!target.topics().contains(remote)) {
                return false;
            }
            Map<TopicPartition, Long> ends = source.endOffsets(topic);
            Map<TopicPartition, Long> copied = target.endOffsets(remote);
            return ends.entrySet().stream()
                    .allMatch(e -> e.getValue()
                            .equals(copied.get(
                                    new TopicPartition(remote, e.getKey().partition()))));
        });
    }

    /** A byte-rate quota on A for the A->B source tasks' consumers (null removes it). */
    private static void throttleSourceTasks(Admin admin, Double bytesPerSecond) throws Exception {
        List<ClientQuotaAlteration> alterations = new ArrayList<>();
        for (int task = 0; task < 2; task++) {
            alterations.add(new ClientQuotaAlteration(
                    new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, "tandem-A-to-B-source-" + task)),
                    List.of(new ClientQuotaAlteration.Op("consumer_byte_rate", bytesPerSecond))));
        }
        admin.alterClientQuotas(alterations).all().get(30, TimeUnit.SECONDS);
    }

    private static Map<TopicPartition, Checkpoint> checkpoints(String bootstrapB, String group) {
        Map<TopicPartition, Checkpoint> latest = new HashMap<>();
        TopicReader.readAll(
                Map.of("bootstrap.servers", bootstrapB), "A.checkpoints.internal", Duration.ofSeconds(30), record -> {
                    Checkpoint checkpoint = Checkpoint.decode(record.key(), record.value());
                    if (checkpoint.consumerGroupId().equals(group)) {
                        latest.put(checkpoint.topicPartition(), checkpoint);
                    }
                });
        return latest;
    }

    private static Map<TopicPartition, ReplicationPosition> positions(String bootstrapB) {
        Map<TopicPartition, ReplicationPosition> positions = new HashMap<>();
        TopicReader.readAll(
                Map.of("bootstrap.servers", bootstrapB),
                "tandem-positions.A.internal",
                Duration.ofSeconds(30),
                record -> {
                    ReplicationPosition position = ReplicationPosition.decode(record.key(), record.value());
                    positions.put(position.topicPartition(), position);
                });
        return positions;
    }

    private static JsonNode group(JsonNode report, String name) {
        for (JsonNode group : report.get("groups")) {
            if (group.get("group").asText().equals(name)) {
                return group;
            }
        }
        throw new AssertionError("no group " + name + " in " + report.toPrettyString());
    }

    /** {@code bin/connect-mirror-maker drill CONFIG ... --json} as a process: exit code, JSON report, progress. */
    private record Drill(int exit, JsonNode json, String stdout, String stderr) {

        static Drill run(Path config, Path work, String label, String... args)
                throws IOException, InterruptedException {
            List<String> withJson = new ArrayList<>(List.of(args));
            withJson.add("--json");
            return runCommand(config, work, label, withJson);
        }

        /** The report as text, for people: only {@link #stdout} is filled. */
        static Drill text(Path config, Path work, String label, String... args)
                throws IOException, InterruptedException {
            return runCommand(config, work, label, List.of(args));
        }

        private static Drill runCommand(Path config, Path work, String label, List<String> args)
                throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of("drill", config.toString()));
            command.addAll(args);
            CliRun run = CliRun.run(work, label, label + (args.contains("--json") ? ".json" : ".txt"), command);
            JsonNode json = args.contains("--json") && !run.stdout().isBlank()
                    ? JSON.readTree(run.stdout())
                    : JSON.createObjectNode();
            return new Drill(run.exit(), json, run.stdout(), run.stderr());
        }

        String describe() {
            return "exit " + exit + "\n" + json.toPrettyString() + "\nstderr:\n" + stderr;
        }
    }
}
