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
