package dev.tandem.heartbeat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tandem.client.records.Heartbeat;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.testkit.metrics.RecordingMetrics;
import dev.tandem.testkit.time.SteppedTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The heartbeat task on a clock of its own: one heartbeat per interval, MM2's record, idling without busy polls. */
class MirrorHeartbeatTaskTest {

    /** A flow's keys; the task never connects anywhere, the bootstrap servers only have to be valid. */
    private static final Map<String, String> FLOW = Map.of(
            "source.cluster.alias",
            "A",
            "target.cluster.alias",
            "B",
            "source.cluster.bootstrap.servers",
            "127.0.0.1:9",
            "target.cluster.bootstrap.servers",
            "127.0.0.1:9");

    private final SteppedTime clock = new SteppedTime(1_700_000_000_000L);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final List<Long> acknowledged = metrics.flow().heartbeatsAcknowledged;

    @BeforeEach
    void recordAcknowledgements() {
        MirrorMetricsHolder.install(metrics);
    }

    @AfterEach
    void uninstall() {
        MirrorMetricsHolder.install(null);
    }

    @Test
    void shouldWriteOneHeartbeatPerIntervalInMirrorMakersFormat() throws Exception {
        MirrorHeartbeatTask task = new MirrorHeartbeatTask(clock);
        Map<String, String> props = new HashMap<>(FLOW);
        props.put("emit.heartbeats.interval.seconds", "5");
        task.start(props);

        List<SourceRecord> first = task.poll();
        assertEquals(1, first.size(), "a heartbeat at once on start");
        SourceRecord record = first.get(0);
        assertEquals("heartbeats", record.topic());
        assertEquals(0, record.kafkaPartition());
        assertEquals(Map.of("sourceClusterAlias", "A", "targetClusterAlias", "B"), record.sourcePartition());
        assertEquals(Map.of("offset", 0L), record.sourceOffset());
        Heartbeat written = new Heartbeat("A", "B", clock.milliseconds());
        assertArrayEquals(written.keyBytes(), (byte[]) record.key(), "MM2's heartbeat key: the two aliases");
        assertArrayEquals(
                written.valueBytes(),
                (byte[]) record.value(),
                "MM2's heartbeat value: format version and the timestamp of writing");
        assertEquals(clock.milliseconds(), record.timestamp());

        // Before the interval is up the task sleeps (at most a second a poll) and writes nothing.
        long sleptBefore = clock.sleptMs();
        assertNull(task.poll());
        assertEquals(1_000, clock.sleptMs() - sleptBefore, "idles a second per poll, never spins");
        for (int i = 0; i < 4; i++) {
            assertNull(task.poll());
        }
        assertEquals(5_000, clock.sleptMs() - sleptBefore, "five polls of a second each fill the interval");
        assertEquals(1, task.poll().size(), "the next heartbeat 5 s after the first");
    }

    @Test
    void shouldCountOnlyHeartbeatsTheTargetAcknowledged() throws Exception {
        MirrorHeartbeatTask task = new MirrorHeartbeatTask(clock);
        task.start(FLOW);
        SourceRecord record = task.poll().get(0);

        task.commitRecord(record, null); // filtered or dropped: Connect passes no metadata
        assertEquals(List.of(), acknowledged);
        task.commitRecord(
                record, new RecordMetadata(new TopicPartition("heartbeats", 0), 41, 0, record.timestamp(), 8, 16));
        assertEquals(List.of(record.timestamp()), acknowledged, "the heartbeat's own timestamp, for its age");
    }
}
