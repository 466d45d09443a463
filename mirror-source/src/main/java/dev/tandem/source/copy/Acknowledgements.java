package dev.tandem.source.copy;

import dev.tandem.source.offsets.OffsetSyncWriter;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.UnacknowledgedBytes;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when the target acknowledged a copy, whichever path wrote it: the memory it held is released, the
 * partition's replicated position moves, the offset-sync writer sees the pair of offsets, and a copy that landed
 * below the previous one (its remote topic was deleted and made again) queues the partition to be copied again.
 *
 * <p>Called on the producer's I/O thread, in order per partition; the task's thread takes the queued partitions
 * with {@link #nextReplaced()}.
 */
public final class Acknowledgements {

    private static final Logger log = LoggerFactory.getLogger(Acknowledgements.class);

    private final UnacknowledgedBytes unacknowledged;
    private final OffsetSyncWriter offsetSyncs;
    private final LongSupplier clockMs;
    /** Partitions whose remote topic was replaced, with the first source offset that landed in the new one. */
    private final Queue<Map.Entry<TopicPartition, Long>> replaced = new ConcurrentLinkedQueue<>();

    /** {@code offsetSyncs} is null when the connector writes none. */
    public Acknowledgements(UnacknowledgedBytes unacknowledged, OffsetSyncWriter offsetSyncs, LongSupplier clockMs) {
        this.unacknowledged = unacknowledged;
        this.offsetSyncs = offsetSyncs;
        this.clockMs = clockMs;
    }

    /** A copy that was not written (a transform dropped it, or the target refused it): only its memory is released. */
    public void dropped(int bytes) {
        unacknowledged.acknowledged(bytes);
    }

    /** A copy of {@code upstreamOffset} landed at {@code downstreamOffset} of {@code remoteTopic}. */
    public void landed(
            PartitionState state,
            long upstreamOffset,
            long downstreamOffset,
            long timestamp,
            int bytes,
            String remoteTopic,
            int remotePartition) {
        unacknowledged.acknowledged(bytes);
        if (state.copyFailed()) {
            // An earlier copy of this partition was refused: the position stays before it, so nothing is skipped.
            return;
        }
        long previousDownstream = state.lastAckedDownstream();
        if (state.acknowledged(upstreamOffset, downstreamOffset, timestamp, bytes, clockMs.getAsLong())) {
            log.error(
                    "Remote topic {} partition {} is not the topic this task copied into: source offset {} landed at"
                            + " offset {}, where the copy had reached {}. The remote topic was deleted on the target and a new"
                            + " one took its name; what was copied before went with it. Copying {} again from its oldest"
                            + " record up to offset {}, so the new remote topic is complete.",
                    remoteTopic,
                    remotePartition,
                    upstreamOffset,
                    downstreamOffset,
                    previousDownstream,
                    state.sourcePartition(),
                    upstreamOffset);
            replaced.add(Map.entry(state.sourcePartition(), upstreamOffset));
        }
        if (offsetSyncs != null) {
            offsetSyncs.onAck(state.sourcePartition(), upstreamOffset, downstreamOffset);
        }
    }

    /** The next partition whose remote topic was found replaced, or null. Task thread. */
    public Map.Entry<TopicPartition, Long> nextReplaced() {
        return replaced.poll();
    }
}
