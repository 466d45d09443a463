package dev.tandem.driver.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tandem.client.records.OffsetSync;
import dev.tandem.client.records.ReplicationPosition;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplicatedPointTest {

    private static final TopicPartition TP = new TopicPartition("orders", 0);

    private static ReplicationPosition position(long upNext, long downNext) {
        return new ReplicationPosition(TP, upNext, downNext, 900, 0, 0);
    }

    @Test
    void shouldBeExactWhenTheTargetEndsWhereThePositionSays() {
        assertEquals(
                new ReplicatedPoint(500, 300, true), ReplicatedPoint.of(position(500, 300), Optional.empty(), 300L));
    }

    @Test
    void shouldCountRecordsCopiedAfterThePositionOneForOne() {
        assertEquals(
                new ReplicatedPoint(520, 320, false), ReplicatedPoint.of(position(500, 300), Optional.empty(), 320L));
    }

    @Test
    void shouldPreferAnOffsetSyncNewerThanThePosition() {
        // the sync says the record 509 is at 309: next 510 -> 310, and the target ends there
        assertEquals(
                new ReplicatedPoint(510, 310, true),
                ReplicatedPoint.of(position(500, 300), Optional.of(new OffsetSync(TP, 509, 309)), 310L));
    }

    @Test
    void shouldWorkFromSyncsAloneAndKnowNothingWithoutEither() {
        assertEquals(
                new ReplicatedPoint(100, 50, true),
                ReplicatedPoint.of(null, Optional.of(new OffsetSync(TP, 99, 49)), 50L));
        assertNull(ReplicatedPoint.of(null, Optional.empty(), 50L));
        assertNull(
                ReplicatedPoint.of(position(1, 1), Optional.empty(), null), "no remote partition: nothing replicated");
    }

    @Test
    void shouldNotClaimExactnessForATaskThatCopiedNothingSinceItsStart() {
        assertEquals(new ReplicatedPoint(500, 40, false), ReplicatedPoint.of(position(500, -1), Optional.empty(), 40L));
    }
}
