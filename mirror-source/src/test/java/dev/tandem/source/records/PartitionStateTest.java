package dev.tandem.source.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tandem.testkit.metrics.RecordingMetrics;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionStateTest {

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordingMetrics.Partition reported = metrics.partition(new TopicPartition("orders", 2));

    @Test
    void shouldReportEachAcknowledgedRecordOnceInBatches() {
        PartitionState state = new RecordConverter(
                        "A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote))
                .state("orders", 2);
        state.acknowledged(10, 110, 1_000, 100, 1_007);
        state.acknowledged(11, 111, 1_001, 50, 1_009);
        state.acknowledged(12, 112, 1_002, 25, 1_012);

        state.reportCopied();
        state.reportCopied(); // nothing new: nothing reported

        state.acknowledged(13, 113, 2_000, 5, 2_003);
        state.reportCopied();

        assertEquals(List.of(3L, 1L), reported.copied, "three records in the first report, one in the second");
        assertEquals(List.of(175L, 5L), reported.copiedBytes, "their bytes");
        assertEquals(List.of(10L, 3L), reported.copiedLatencyMs, "the newest one's latency");
        assertArrayEquals(new long[] {14, 114}, state.replicatedPosition(), "next source offset and where it lands");
        assertEquals(new TopicPartition("orders", 2), state.sourcePartition());
    }

    @Test
    void shouldKeepTheCopysPositionWhenResumedFromOne() {
        RecordConverter converter = new RecordConverter(
                "A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote));
        PartitionState resumed = converter.state("orders", 2);
        resumed.resumedAt(new dev.tandem.client.records.ReplicationPosition(
                new TopicPartition("orders", 2), 250, 240, 250, 5_000, 4_000));
        assertArrayEquals(
                new long[] {250, 240},
                resumed.replicatedPosition(),
                "with nothing new to copy, the positions written still say where the copy stands");
        assertFalse(
                resumed.acknowledged(250, 240, 6_000, 10, 6_001),
                "the position resumed from is never taken for an earlier copy in this remote topic");
        assertArrayEquals(new long[] {251, 241}, resumed.replicatedPosition());

        PartitionState copiedAgain = converter.state("orders", 4);
        copiedAgain.resumedAt(new dev.tandem.client.records.ReplicationPosition(
                new TopicPartition("orders", 4), 250, 240, 250, 5_000, 4_000));
        copiedAgain.startedAt(0);
        assertArrayEquals(
                new long[] {0, -1}, copiedAgain.replicatedPosition(), "a copy started again forgets the old position");
        assertFalse(copiedAgain.acknowledged(0, 0, 6_000, 10, 6_001));

        PartitionState started = converter.state("orders", 3);
        started.startedAt(250);
        assertArrayEquals(new long[] {250, -1}, started.replicatedPosition(), "from Connect's offset alone");
    }

    @Test
    void shouldNeverPairOffsetsOfTwoRecords() throws Exception {
        PartitionState state = new RecordConverter(
                        "A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote))
                .state("orders", 0);
        // Every record lands 100 offsets further on the target, so a consistent pair always differs by exactly 100.
        Thread acknowledging = new Thread(() -> {
            for (long offset = 0; offset < 2_000_000; offset++) {
                state.acknowledged(offset, offset + 100, offset, 1, offset);
            }
        });
        acknowledging.start();
        long reads = 0;
        while (acknowledging.isAlive() || reads == 0) {
            long[] position = state.replicatedPosition();
            if (position[1] >= 0) {
                assertEquals(100, position[1] - position[0], "a torn pair: " + position[0] + ", " + position[1]);
            }
            reads++;
        }
        acknowledging.join();
        assertArrayEquals(new long[] {2_000_000, 2_000_100}, state.replicatedPosition());
    }
}
