package dev.tandem.source.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.common.metrics.MirrorMetrics;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionStateTest {

    /** What the task reported to the meter: records, bytes, latency sample. */
    private final List<long[]> reported = new ArrayList<>();

    private final MirrorMetrics.PartitionMeter meter = new MirrorMetrics.PartitionMeter() {
        @Override
        public void copied(long records, long bytes, long latencyMs) {
            reported.add(new long[] {records, bytes, latencyMs});
        }

        @Override
        public void read(long ageMs) {}

        @Override
        public void lag(long records, double seconds) {}

        @Override
        public void skipped(long records) {}

        @Override
        public void close() {}
    };

    @Test
    void shouldReportEachAcknowledgedRecordOnceInBatches() {
        PartitionState state =
                new RecordConverter("A", topic -> "A." + topic, (tp, remote) -> meter).state("orders", 2);
        state.acknowledged(10, 110, 1_000, 100, 1_007);
        state.acknowledged(11, 111, 1_001, 50, 1_009);
        state.acknowledged(12, 112, 1_002, 25, 1_012);

        state.reportCopied();
        state.reportCopied(); // nothing new: nothing reported

        state.acknowledged(13, 113, 2_000, 5, 2_003);
        state.reportCopied();

        assertEquals(2, reported.size());
        assertEquals(
                List.of(3L, 175L, 10L),
                List.of(reported.get(0)[0], reported.get(0)[1], reported.get(0)[2]),
                "three records, their bytes, and the newest one's latency");
        assertEquals(List.of(1L, 5L, 3L), List.of(reported.get(1)[0], reported.get(1)[1], reported.get(1)[2]));
        assertArrayEquals(new long[] {14, 114}, state.replicatedPosition(), "next source offset and where it lands");
        assertEquals(new TopicPartition("orders", 2), state.sourcePartition());
    }

    @Test
    void shouldNeverPairOffsetsOfTwoRecords() throws Exception {
        PartitionState state =
                new RecordConverter("A", topic -> "A." + topic, (tp, remote) -> meter).state("orders", 0);
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
