package dev.tandem.checkpoint.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.client.records.Checkpoint;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What group offset sync commits on the target, as MirrorMaker 2's integration tests expect of it. */
class GroupOffsetSyncTest {

    private static final TopicPartition P0 = new TopicPartition("A.orders", 0);
    private static final TopicPartition P1 = new TopicPartition("A.orders", 1);
    private static final TopicPartition P2 = new TopicPartition("A.orders", 2);
    private static final TopicPartition P3 = new TopicPartition("A.orders", 3);

    private static Checkpoint at(TopicPartition remote, long downstream) {
        return new Checkpoint("billing", remote, downstream, downstream, "m");
    }

    @Test
    void shouldAdvanceOnlyForwardAndNeverPastTheLogEndOrOntoAMissingPartition() {
        Map<TopicPartition, OffsetAndMetadata> advance = GroupOffsetSync.advance(
                "billing",
                Map.of(P0, at(P0, 500), P1, at(P1, 300), P2, at(P2, 900), P3, at(P3, 10)),
                Map.of(P0, new OffsetAndMetadata(400), P1, new OffsetAndMetadata(350)),
                Map.of(P0, 1_000L, P1, 1_000L, P2, 800L));
        assertEquals(
                Map.of(P0, new OffsetAndMetadata(500, "m")),
                advance,
                "P1 would go backwards, P2 past its log end of 800, P3 is not on the target");
    }

    @Test
    void shouldCommitAtExactlyTheLogEnd() {
        assertEquals(
                Map.of(P0, new OffsetAndMetadata(1_000, "m")),
                GroupOffsetSync.advance("billing", Map.of(P0, at(P0, 1_000)), Map.of(), Map.of(P0, 1_000L)));
    }
}
