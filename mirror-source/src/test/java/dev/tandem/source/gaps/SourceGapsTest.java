package dev.tandem.source.gaps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.common.metrics.LostReason;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import dev.tandem.testkit.metrics.RecordingMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A copy position the source no longer holds: reported once, by how many records and why, then stepped over. */
class SourceGapsTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordConverter converter =
            new RecordConverter("A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote));
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
    private final SourceGaps gaps = new SourceGaps(
            "A->B",
            consumer,
            converter,
            Duration.ofSeconds(1),
            () -> {
                throw new AssertionError("a topic whose id is not known is never described");
            },
            new SourceGaps.Copy() {
                @Override
                public void awaitInFlight() {}

                @Override
                public void newTopic(TopicPartition tp, org.apache.kafka.common.Uuid topicId) {}
            });

    private PartitionState logFrom(long start, long end, long copiedTo) {
        consumer.assign(List.of(ORDERS));
        consumer.updateBeginningOffsets(Map.of(ORDERS, start));
        consumer.updateEndOffsets(Map.of(ORDERS, end));
        consumer.seek(ORDERS, copiedTo);
        PartitionState state = converter.state("orders", 0);
        state.startedAt(copiedTo);
        return state;
    }

    @Test
    void shouldReportRecordsRemovedBeforeTheCopyReachedThemAndGoOnAtTheOldest() {
        PartitionState state = logFrom(1_010, 1_500, 10);
        gaps.outOfRange(Map.of(ORDERS, 10L));
        assertEquals(List.of(Map.entry(LostReason.REMOVED, 1_000L)), metrics.partition(ORDERS).lost);
        assertEquals(1_010, consumer.position(ORDERS), "the oldest record still there");
        assertArrayEquals(
                new long[] {1_010, -1},
                state.replicatedPosition(),
                "the records gone count neither as lag nor as a gap to find again after a restart");
    }

    @Test
    void shouldMoveThePositionOnlyOnceWhatWasPolledBeforeTheGapIsAcknowledged() {
        PartitionState state = logFrom(1_010, 1_500, 5);
        state.acknowledged(4, 104, 1L, 1, 2L);
        state.polledThrough(9);
        gaps.outOfRange(Map.of(ORDERS, 10L));
        assertArrayEquals(new long[] {5, 105}, state.replicatedPosition(), "offsets 5 to 9 are still on their way");
        state.acknowledged(9, 109, 1L, 1, 2L);
        assertArrayEquals(new long[] {1_010, 110}, state.replicatedPosition());
        state.acknowledged(1_010, 110, 1L, 1, 2L);
        assertArrayEquals(new long[] {1_011, 111}, state.replicatedPosition());
    }

    @Test
    void shouldReportALogThatWentBackwardsAndGoOnAtItsNewEnd() {
        PartitionState state = logFrom(0, 300, 500);
        gaps.outOfRange(Map.of(ORDERS, 500L));
        assertEquals(List.of(Map.entry(LostReason.TRUNCATED, 200L)), metrics.partition(ORDERS).lost);
        assertEquals(300, consumer.position(ORDERS));
        assertArrayEquals(new long[] {300, -1}, state.replicatedPosition());
    }

    @Test
    void shouldMoveNothingWhenThePositionIsInRangeAgain() {
        logFrom(0, 300, 200);
        gaps.outOfRange(Map.of(ORDERS, 200L));
        assertEquals(List.of(), metrics.partition(ORDERS).lost);
        assertEquals(200, consumer.position(ORDERS));
    }

    /** An assignment still naming the old topic's id, once the task found the new one itself, is old news. */
    @Test
    void shouldKnowTheIdsOfTopicsItFoundReplaced() {
        org.apache.kafka.common.Uuid old = org.apache.kafka.common.Uuid.randomUuid();
        org.apache.kafka.common.Uuid made = org.apache.kafka.common.Uuid.randomUuid();
        PartitionState state = logFrom(0, 100, 300);
        state.topicId(old);
        assertEquals(false, gaps.replaced(ORDERS, old));

        gaps.recreatedWhileCopying(ORDERS, old, made);

        assertEquals(made, state.topicId());
        assertEquals(true, gaps.replaced(ORDERS, old), "the old topic's id never comes back");
        assertEquals(false, gaps.replaced(ORDERS, made));
        assertEquals(false, gaps.replaced(new TopicPartition("orders", 1), old), "per partition");
    }
}
