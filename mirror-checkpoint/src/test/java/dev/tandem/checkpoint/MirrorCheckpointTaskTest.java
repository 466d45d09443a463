package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.checkpoint.groups.GroupShare;
import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.common.metrics.MirrorMetrics;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.metrics.RecordingMetrics;
import dev.tandem.testkit.time.SteppedTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checkpoint task of flow A->B on a clock of its own, with offset syncs and committed group offsets given
 * directly: exact checkpoints in MM2's format, one per changed translation, none before the syncs are read, and the
 * translations handed to the target's groups.
 */
class MirrorCheckpointTaskTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition REMOTE_ORDERS_0 = new TopicPartition("A.orders", 0);

    private final SteppedTime time = new SteppedTime(1_700_000_000_000L);
    private final OffsetSyncStore forward = new OffsetSyncStore();
    private final OffsetSyncStore reverse = new OffsetSyncStore();
    private boolean forwardCaughtUp = true;
    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    private final List<Map<String, Map<TopicPartition, Checkpoint>>> groupSyncs = new ArrayList<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<Integer> written = metrics.flow().checkpointsWritten;
    private MirrorCheckpointTask task;
    /** Checkpoints an earlier run wrote. */
    private final Map<String, Map<TopicPartition, Checkpoint>> earlier = new HashMap<>();
    /** The consumer groups the source lists. */
    private final List<String> sourceGroups = new ArrayList<>();
    /** How many listings of the groups time out before the source answers. */
    private int listingsTimingOut;
    /** How many times the task asked for the source's topic ids: once per round that translates anything. */
    private int topicIdReads;

    @BeforeEach
    void recordWrites() {
        MirrorMetricsHolder.install(metrics);
        forward.add(new OffsetSync(ORDERS_0, 100, 0));
        forward.add(new OffsetSync(ORDERS_0, 200, 100));
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        MirrorMetricsHolder.install(null);
    }

    private void start(List<String> groups, Map<String, String> extra) {
        start(groups, extra, 0, 1);
    }

    private void start(List<String> groups, Map<String, String> extra, int taskIndex, int taskCount) {
        Map<String, String> props = new HashMap<>(FlowConfigs.minimalAToB());
        props.put("emit.checkpoints.interval.seconds", "5");
        props.putAll(extra);
        sourceGroups.addAll(groups);
        task = new MirrorCheckpointTask(time, config -> new GivenClients());
        task.start(MirrorCheckpointTaskConfig.forTask(props, taskIndex, taskCount));
    }

    private void commit(String group, TopicPartition tp, OffsetAndMetadata offset) {
        committed.computeIfAbsent(group, g -> new HashMap<>()).put(tp, offset);
    }

    @Test
    void shouldWriteExactCheckpointsInMirrorMakersFormat() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(150, "m"));
        start(List.of("billing"), Map.of());

        List<SourceRecord> records = task.poll();

        assertEquals(1, records.size());
        SourceRecord record = records.get(0);
        Checkpoint expected = new Checkpoint("billing", REMOTE_ORDERS_0, 150, 50, "m");
        assertEquals("A.checkpoints.internal", record.topic());
        assertEquals(0, record.kafkaPartition());
        assertArrayEquals(expected.keyBytes(), (byte[]) record.key());
        assertArrayEquals(expected.valueBytes(), (byte[]) record.value(), "150 on A is exactly 50 on B");
        assertEquals(Map.of("group", "billing", "topic", "A.orders", "partition", 0), record.sourcePartition());
        assertEquals(Map.of("offset", 0L), record.sourceOffset(), "as MirrorMaker 2: the position is in the value");
    }

    @Test
    void shouldWriteOnlyChangedTranslationsOncePerInterval() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        start(List.of("billing"), Map.of());
        assertEquals(1, task.poll().size());

        long slept = time.sleptMs();
        for (int i = 0; i < 5; i++) {
            assertNull(task.poll(), "nothing before the interval is up");
        }
        assertEquals(5_000, time.sleptMs() - slept, "idles in sleeps of at most a second");
        assertNull(task.poll(), "the interval is up, but the translation did not change");

        commit("billing", ORDERS_0, new OffsetAndMetadata(160));
        for (int i = 0; i < 5; i++) {
            assertNull(task.poll());
        }
        List<SourceRecord> changed = task.poll();
        assertEquals(1, changed.size());
        assertArrayEquals(new Checkpoint("billing", REMOTE_ORDERS_0, 160, 60, "").valueBytes(), (byte[])
                changed.get(0).value());
    }

    /**
     * A round translates only what could translate differently: idle groups cost one offset fetch per round and no
     * translation (no topic-id lookup either), and a new offset sync makes every group's translation stale again.
     */
    @Test
    void shouldTranslateAgainOnlyWhenTheOffsetsOrTheSyncsMoved() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(250)); // past the newest sync (200 -> 100)
        start(List.of("billing"), Map.of("emit.checkpoints.interval.seconds", "1"));
        List<SourceRecord> first = task.poll();
        assertArrayEquals(new Checkpoint("billing", REMOTE_ORDERS_0, 250, 101, "").valueBytes(), (byte[])
                first.get(0).value());
        assertEquals(1, topicIdReads);

        for (int i = 0; i < 6; i++) {
            assertNull(task.poll(), "nothing moved");
        }
        assertEquals(1, topicIdReads, "three idle rounds translated nothing");

        forward.add(new OffsetSync(ORDERS_0, 300, 200)); // 250 is now known to be 150 on B
        List<SourceRecord> moved = pollUntilRecords();
        assertArrayEquals(new Checkpoint("billing", REMOTE_ORDERS_0, 250, 150, "").valueBytes(), (byte[])
                moved.get(0).value());
        assertEquals(2, topicIdReads);
    }

    @Test
    void shouldWriteNothingUntilTheOffsetSyncsAreRead() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        forwardCaughtUp = false;
        start(List.of("billing"), Map.of("emit.checkpoints.interval.seconds", "1"));
        assertNull(
                task.poll(),
                "a reader that has not caught up could miss a rewind: no translation rather than a wrong one");

        forwardCaughtUp = true;
        assertNull(task.poll()); // sleeps out the interval
        assertEquals(1, task.poll().size());
    }

    @Test
    void shouldSkipGroupsWithoutOffsetsAndPartitionsWithoutSyncs() throws Exception {
        commit("idle", ORDERS_0, null);
        commit("billing", new TopicPartition("payments", 0), new OffsetAndMetadata(5));
        start(List.of("idle", "billing"), Map.of());
        assertNull(task.poll());
    }

    @Test
    void shouldHandTheTargetGroupsTheirTranslationsEvenWithoutCheckpointRecords() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(180));
        start(
                List.of("billing"),
                Map.of(
                        "emit.checkpoints.enabled",
                        "false",
                        "sync.group.offsets.enabled",
                        "true",
                        "sync.group.offsets.interval.seconds",
                        "10"));

        assertNull(task.poll(), "checkpoint records are off");
        for (int i = 0; i < 20 && groupSyncs.isEmpty(); i++) {
            task.poll();
        }
        assertEquals(
                List.of(Map.of(
                        "billing", Map.of(REMOTE_ORDERS_0, new Checkpoint("billing", REMOTE_ORDERS_0, 180, 80, "")))),
                groupSyncs,
                "one sync, 10 s after the start, with the exact translation");
    }

    @Test
    void shouldCountOnlyCheckpointsTheTargetAcknowledged() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        start(List.of("billing"), Map.of());
        SourceRecord record = task.poll().get(0);
        task.commitRecord(record, null);
        assertEquals(List.of(), written);
        task.commitRecord(record, new RecordMetadata(new TopicPartition("A.checkpoints.internal", 0), 0, 0, 0, 10, 30));
        assertEquals(List.of(1), written);
    }

    /** The task's clients, answering from this test's syncs and committed offsets. */
    @Test
    void shouldPickUpANewGroupAtTheNextRefreshWithoutARestart() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        start(List.of("billing"), Map.of("refresh.groups.interval.seconds", "5"));
        assertEquals(1, task.poll().size());

        commit("audit", ORDERS_0, new OffsetAndMetadata(120));
        sourceGroups.add("audit");
        List<SourceRecord> records = null;
        for (int i = 0; i < 10 && records == null; i++) {
            records = task.poll();
        }
        assertEquals(1, records.size(), "the new group's checkpoint, within one refresh and one checkpoint interval");
        assertArrayEquals(new Checkpoint("audit", REMOTE_ORDERS_0, 120, 20, "").valueBytes(), (byte[])
                records.get(0).value());
    }

    /** Started while the source was away: the groups are listed again within seconds, not the 10-minute refresh. */
    @Test
    void shouldListTheGroupsAgainSoonAfterAFailedListing() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        listingsTimingOut = 2;
        long started = time.milliseconds();
        start(List.of("billing"), Map.of("refresh.groups.interval.seconds", "600"));
        List<SourceRecord> records = null;
        for (int i = 0; i < 60 && (records == null || records.isEmpty()); i++) {
            records = task.poll();
        }
        assertEquals(1, records == null ? 0 : records.size(), "billing's checkpoint once a listing succeeded");
        assertEquals(0, listingsTimingOut);
        long waitedMs = time.milliseconds() - started;
        assertTrue(waitedMs <= 2 * MirrorCheckpointTask.LIST_RETRY.toMillis() + 5_000, "waited " + waitedMs + " ms");
    }

    /**
     * A group with an offset older than its partition's syncs reach is reported pending from the round that found it
     * until it has a checkpoint; an offset of a partition nothing was copied of (consumers commit 0 on empty ones) is
     * not waited for.
     */
    @Test
    void shouldReportSinceWhenAGroupHasAnOffsetWithoutACheckpoint() throws Exception {
        commit("billing", ORDERS_0, new OffsetAndMetadata(50)); // the syncs start at 100
        commit("billing", new TopicPartition("orders", 1), new OffsetAndMetadata(0)); // no sync: nothing copied
        commit("audit", new TopicPartition("orders", 1), new OffsetAndMetadata(0));
        long started = time.milliseconds();
        start(List.of("billing", "audit"), Map.of("emit.checkpoints.interval.seconds", "1"));
        Map<String, Long> reported = metrics.flow().groupCheckpoints;

        assertNull(task.poll(), "no offset of either group can be translated");
        assertEquals(started, reported.get("billing"), "pending since the round that found orders-0 untranslated");
        assertEquals(0L, reported.get("audit"), "an empty partition waits for nothing");
        for (int i = 0; i < 3; i++) {
            task.poll();
        }
        assertTrue(time.milliseconds() > started, "later rounds ran");
        assertEquals(started, reported.get("billing"), "still pending since the first round, not the last");

        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        List<SourceRecord> records = null;
        for (int i = 0; i < 3 && (records == null || records.isEmpty()); i++) {
            records = task.poll();
        }
        assertEquals(1, records == null ? 0 : records.size(), "orders-0's checkpoint once the group moved on");
        assertEquals(0L, reported.get("billing"), "every offset has its checkpoint");

        task.stop();
        task = null;
        assertEquals(MirrorMetrics.FlowMeter.GROUP_GONE, reported.get("billing"), "a stopped task reports nothing");
        assertEquals(MirrorMetrics.FlowMeter.GROUP_GONE, reported.get("audit"));
    }

    @Test
    void shouldTranslateOnlyItsOwnShareOfTheSelectedGroups() throws Exception {
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            groups.add("group-" + i);
            commit("group-" + i, ORDERS_0, new OffsetAndMetadata(150));
        }
        groups.add("excluded");
        commit("excluded", ORDERS_0, new OffsetAndMetadata(150));
        start(groups, Map.of("groups.exclude", "excluded"), 1, 3);

        Set<Object> translated = new HashSet<>();
        task.poll().forEach(record -> translated.add(record.sourcePartition().get("group")));
        Set<Object> expected = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            if (GroupShare.taskOf("group-" + i, 3) == 1) {
                expected.add("group-" + i);
            }
        }
        assertFalse(expected.isEmpty());
        assertEquals(expected, translated);
    }

    @Test
    void shouldNeverWriteACheckpointBehindOneAnEarlierRunWrote() throws Exception {
        // An earlier run, knowing more syncs, translated 150 to 55; this one would say 50 for the same offset.
        earlier.put("billing", Map.of(REMOTE_ORDERS_0, new Checkpoint("billing", REMOTE_ORDERS_0, 150, 55, "")));
        commit("billing", ORDERS_0, new OffsetAndMetadata(150));
        start(List.of("billing"), Map.of("emit.checkpoints.interval.seconds", "1"));
        assertNull(task.poll(), "150 -> 50 would move the group back from 55 on B: not written");

        commit("billing", ORDERS_0, new OffsetAndMetadata(160));
        List<SourceRecord> forward = pollUntilRecords();
        assertArrayEquals(new Checkpoint("billing", REMOTE_ORDERS_0, 160, 60, "").valueBytes(), (byte[])
                forward.get(0).value());

        // The group was reset on A: the checkpoint follows it back.
        commit("billing", ORDERS_0, new OffsetAndMetadata(120));
        List<SourceRecord> reset = pollUntilRecords();
        assertArrayEquals(new Checkpoint("billing", REMOTE_ORDERS_0, 120, 20, "").valueBytes(), (byte[])
                reset.get(0).value());
        assertTrue(MirrorCheckpointTask.isNewer(
                new Checkpoint("billing", REMOTE_ORDERS_0, 200, 100, ""),
                new Checkpoint("billing", REMOTE_ORDERS_0, 190, 95, "")));
    }

    private List<SourceRecord> pollUntilRecords() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            List<SourceRecord> records = task.poll();
            if (records != null) {
                return records;
            }
        }
        throw new AssertionError("no checkpoint within 20 polls");
    }

    private final class GivenClients implements CheckpointClients {
        @Override
        public Map<String, org.apache.kafka.common.Uuid> sourceTopicIds() {
            topicIdReads++;
            return Map.of();
        }

        @Override
        public Map<String, Map<TopicPartition, Checkpoint>> writtenCheckpoints() {
            return earlier;
        }

        @Override
        public List<String> listGroups() throws TimeoutException {
            if (listingsTimingOut > 0) {
                listingsTimingOut--;
                throw new TimeoutException("the source does not answer");
            }
            return List.copyOf(sourceGroups);
        }

        @Override
        public Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(Collection<String> groups) {
            Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = new HashMap<>();
            for (String group : groups) {
                offsets.put(group, new HashMap<>(committed.getOrDefault(group, Map.of())));
            }
            return offsets;
        }

        @Override
        public CheckpointTranslator.SyncSource forwardSyncs() {
            return CheckpointTranslator.SyncSource.of(forward, () -> forwardCaughtUp);
        }

        @Override
        public CheckpointTranslator.SyncSource reverseSyncs() {
            return CheckpointTranslator.SyncSource.of(reverse, () -> true);
        }

        @Override
        public void syncGroupOffsets(Map<String, Map<TopicPartition, Checkpoint>> latest) {
            Map<String, Map<TopicPartition, Checkpoint>> copy = new HashMap<>();
            latest.forEach((group, checkpoints) -> copy.put(group, Map.copyOf(checkpoints)));
            groupSyncs.add(copy);
        }

        @Override
        public void close() {}
    }
}
