package dev.tandem.source.gaps;

import dev.tandem.common.metrics.LostReason;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source partitions whose copy position is no longer in their log. MirrorMaker 2's consumer resets such a position
 * without a word; Tandem's runs with {@code auto.offset.reset=none} and comes here, which finds what happened, reports
 * it once (an ERROR line naming the flow, partition and offset range, and the lost-records meter), and goes on where
 * the log now is, so the flow never stops for it:
 *
 * <ul>
 *   <li>the position is before the log's start: the records from it to the start were removed (retention,
 *       {@code kafka-delete-records}) before they were copied, and copying goes on at the oldest record still there;
 *   <li>the position is past the log's end: the log was truncated (an unclean leader election, or the topic deleted
 *       and created again), and copying goes on at its new end.
 * </ul>
 *
 * A position past the end of a log whose topic id changed is a topic made again ({@link TopicsMadeAgain}), not a cut.
 */
public final class SourceGaps {

    private static final Logger log = LoggerFactory.getLogger(SourceGaps.class);

    private final String flow;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordConverter converter;
    private final Duration timeout;
    /** Tells a log cut back from a new topic of the same name. */
    private final TopicsMadeAgain topics;

    public SourceGaps(
            String flow,
            Consumer<byte[], byte[]> consumer,
            RecordConverter converter,
            Duration timeout,
            TopicsMadeAgain topics) {
        this.flow = flow;
        this.consumer = consumer;
        this.converter = converter;
        this.timeout = timeout;
        this.topics = topics;
    }

    /**
     * Handles the partitions the consumer found out of range, by the position it asked for. When the source cannot
     * tell where the log now is, nothing moves: the next poll finds the same positions out of range and comes back.
     */
    public void outOfRange(Map<TopicPartition, Long> positions) {
        Map<TopicPartition, Long> starts;
        Map<TopicPartition, Long> ends;
        try {
            starts = consumer.beginningOffsets(positions.keySet(), timeout);
            ends = consumer.endOffsets(positions.keySet(), timeout);
        } catch (KafkaException e) {
            log.warn(
                    "{}: the copy positions of {} are no longer in the source's logs, and the source did not say where"
                            + " the logs now start and end ({}); asking again at the next poll",
                    flow,
                    positions.keySet(),
                    e.toString());
            return;
        }
        positions.forEach((tp, position) -> {
            Long start = starts.get(tp);
            Long end = ends.get(tp);
            if (start == null || end == null) {
                return; // not answered for this partition: asked again at the next poll
            }
            PartitionState state = converter.state(tp.topic(), tp.partition());
            if (position < start) {
                removed(state, tp, position, start);
            } else if (position > end) {
                Uuid now = topics.newIdOf(state);
                if (!Uuid.ZERO_UUID.equals(now)) {
                    // Not a truncated log: a new topic of the same name, shorter than the old one's copy had got.
                    topics.recreatedWhileCopying(tp, state.topicId(), now);
                } else {
                    truncated(state, tp, position, end);
                }
            } else {
                // The log moved while the consumer asked: the position is in range again, nothing is gone.
                consumer.seek(tp, position);
            }
        });
    }

    private void removed(PartitionState state, TopicPartition tp, long position, long start) {
        long count = start - position;
        log.error(
                "{}: RECORDS LOST on the source before they were copied: {} offsets {} to {} ({} records) were removed"
                        + " by retention or delete-records while the copy had not reached them. Copying goes on at"
                        + " offset {}, the oldest record still there. Those records are not on the target; if they"
                        + " matter, restore them from elsewhere. To prevent this, keep the source topic's retention.ms"
                        + " longer than Tandem may be stopped, paused or behind, and alert on"
                        + " tandem_replication_records_lost_total.",
                flow,
                tp,
                position,
                start - 1,
                count,
                start);
        moveOn(state, position, start, count, LostReason.REMOVED);
    }

    private void truncated(PartitionState state, TopicPartition tp, long position, long end) {
        long count = position - end;
        log.error(
                "{}: SOURCE LOG WENT BACKWARDS: {} now ends at offset {}, but the copy had reached offset {}: {} records"
                        + " the target has (offsets {} to {} of the remote topic's source) are no longer on the source,"
                        + " after an unclean leader election or the topic deleted and created again. Copying goes on"
                        + " at offset {}; new records there will be copied after the old ones. Check the source"
                        + " cluster's leader elections and whether the topic was recreated.",
                flow,
                tp,
                end,
                position,
                count,
                end,
                position - 1,
                end);
        moveOn(state, position, end, count, LostReason.TRUNCATED);
    }

    /** Counts the gap, and copies on from {@code to}. */
    private void moveOn(PartitionState state, long position, long to, long count, LostReason reason) {
        state.meter().lost(count, reason);
        state.lost(count);
        state.movedPast(position, to);
        consumer.seek(state.sourcePartition(), to);
    }
}
