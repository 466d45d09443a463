package dev.tandem.checkpoint.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.policy.DefaultReplicationPolicy;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.common.filter.TopicFilter;
import dev.tandem.common.filter.TopicSelector;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/** Flow B->A (source B, target A), as in a failback: B has its own 'payments' and A's 'orders' as 'A.orders'. */
class CheckpointTranslatorTest {

    private final DefaultReplicationPolicy policy = new DefaultReplicationPolicy();
    private final OffsetSyncStore forward = new OffsetSyncStore(); // syncs of B->A
    private final OffsetSyncStore reverse = new OffsetSyncStore(); // syncs of A->B
    private boolean reverseReady = true;

    private CheckpointTranslator translator() {
        policy.configure(Map.of());
        TopicSelector selector = new TopicSelector(
                "B",
                "A",
                policy,
                TopicFilter.of(List.of(".*"), List.of(TopicFilter.TOPICS_EXCLUDE_DEFAULT.split(","))),
                true);
        return new CheckpointTranslator(
                "A",
                policy,
                selector,
                CheckpointTranslator.SyncSource.of(forward, () -> true),
                CheckpointTranslator.SyncSource.of(reverse, () -> reverseReady));
    }

    @Test
    void shouldTranslateLocalTopicsForwardToTheirRemoteName() {
        forward.add(new OffsetSync(new TopicPartition("payments", 0), 100, 0));
        forward.add(new OffsetSync(new TopicPartition("payments", 0), 200, 100));
        Optional<Checkpoint> checkpoint =
                translator().translate("g", new TopicPartition("payments", 0), new OffsetAndMetadata(150, "m"));
        assertEquals(Optional.of(new Checkpoint("g", new TopicPartition("B.payments", 0), 150, 50, "m")), checkpoint);
    }

    @Test
    void shouldNeverTranslateTheOffsetsOfATopicMadeAgainThroughTheOldTopicsSyncs() {
        Uuid old = Uuid.fromString("AAAAAAAAAAEAAAAAAAAAAQ");
        Uuid made = Uuid.fromString("AAAAAAAAAAIAAAAAAAAAAg");
        TopicPartition payments = new TopicPartition("payments", 0);
        forward.add(new OffsetSync(payments, 0, 0), old, false);
        forward.add(new OffsetSync(payments, 299, 299), Uuid.ZERO_UUID, false);
        assertEquals(
                Optional.empty(),
                translator().translate("g", payments, new OffsetAndMetadata(60), Map.of("payments", made)::get),
                "the group's offset is of the new topic; the syncs still describe the old one's copy");
        assertEquals(
                60,
                translator()
                        .translate("g", payments, new OffsetAndMetadata(60), Map.of("payments", old)::get)
                        .orElseThrow()
                        .downstreamOffset(),
                "same topic: translated");

        forward.add(new OffsetSync(payments, 0, 300), made, true);
        forward.add(new OffsetSync(payments, 99, 399), Uuid.ZERO_UUID, false);
        assertEquals(
                360,
                translator()
                        .translate("g", payments, new OffsetAndMetadata(60), Map.of("payments", made)::get)
                        .orElseThrow()
                        .downstreamOffset(),
                "the new topic's syncs alone, nothing of the old copy");
    }

    @Test
    void shouldTranslateTopicsFromTheTargetBackToTheirOriginalName() {
        // A->B copied orders-0 from A offset 10 onto B offset 0; A has a marker at 15.
        reverse.add(new OffsetSync(new TopicPartition("orders", 0), 10, 0));
        reverse.add(new OffsetSync(new TopicPartition("orders", 0), 16, 5));
        reverse.add(new OffsetSync(new TopicPartition("orders", 0), 20, 9));
        Optional<Checkpoint> checkpoint =
                translator().translate("g", new TopicPartition("A.orders", 0), new OffsetAndMetadata(7));
        assertEquals(Optional.of(new Checkpoint("g", new TopicPartition("orders", 0), 7, 18, "")), checkpoint);
    }

    @Test
    void shouldWriteNoCheckpointWithoutATranslation() {
        assertEquals(
                Optional.empty(),
                translator().translate("g", new TopicPartition("payments", 0), new OffsetAndMetadata(5)),
                "no syncs for the partition");
        reverse.add(new OffsetSync(new TopicPartition("orders", 0), 10, 0));
        reverseReady = false;
        assertEquals(
                Optional.empty(),
                translator().translate("g", new TopicPartition("A.orders", 0), new OffsetAndMetadata(0)),
                "the reverse syncs are not read up to date yet");
    }

    @Test
    void shouldSkipTopicsThatAreNotReplicatedToTheTarget() {
        forward.add(new OffsetSync(new TopicPartition("C.A.x", 0), 0, 0));
        assertEquals(
                Optional.empty(),
                translator().translate("g", new TopicPartition("C.A.x", 0), new OffsetAndMetadata(0)),
                "C.A.x passed through A already; it is never copied back there");
        forward.add(new OffsetSync(new TopicPartition("__consumer_offsets", 0), 0, 0));
        assertEquals(
                Optional.empty(),
                translator().translate("g", new TopicPartition("__consumer_offsets", 0), new OffsetAndMetadata(0)));
    }
}
