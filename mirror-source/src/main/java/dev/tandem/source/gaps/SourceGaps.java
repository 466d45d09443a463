package dev.tandem.source.gaps;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.common.metrics.LostReason;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
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
 * <p>And source topics deleted and made again under the same name, told by their topic id (the connector's scan
 * puts it in the assignments; positions carry the one they were copied from): the copy of the new topic starts at
 * its first record, after the old topic's records on the target, whatever offset the old topic's copy had reached.
 */
public final class SourceGaps {

    private static final Logger log = LoggerFactory.getLogger(SourceGaps.class);

    private final String flow;
    private final Consumer<byte[], byte[]> consumer;
    private final RecordConverter converter;
    private final Duration timeout;
    /** A new admin client on the source, for the rare question of a topic's current id. */
    private final Supplier<Admin> sourceAdmin;

    private final Copy copy;
    /** The topics this task found made again, by partition: reported once, whatever the positions topic says. */
    private final Map<TopicPartition, Uuid> madeAgain = new HashMap<>();
    /** Where this task's copy of a topic made again stood when its partition was dropped. */
    private final Map<TopicPartition, Long> droppedAt = new HashMap<>();
    /** The ids of the topics this task found replaced, by partition: a deleted topic's id never comes back. */
    private final Map<TopicPartition, Set<Uuid>> replacedIds = new HashMap<>();

    /** What this needs of the task's copy. */
    public interface Copy {
        /** Waits until the copies in flight are acknowledged, or a while has passed. */
        void awaitInFlight();

        /**
         * The copy of {@code tp} starts again, at the first record of the topic made again as {@code topicId}: its
         * offset syncs and positions must say so at once.
         */
        void newTopic(TopicPartition tp, Uuid topicId);
    }

    public SourceGaps(
            String flow,
            Consumer<byte[], byte[]> consumer,
            RecordConverter converter,
            Duration timeout,
            Supplier<Admin> sourceAdmin,
            Copy copy) {
        this.flow = flow;
        this.consumer = consumer;
        this.converter = converter;
        this.timeout = timeout;
        this.sourceAdmin = sourceAdmin;
        this.copy = copy;
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
                Uuid before = state.topicId();
                Uuid now = Uuid.ZERO_UUID.equals(before) ? Uuid.ZERO_UUID : currentTopicId(tp.topic());
                if (!Uuid.ZERO_UUID.equals(now) && !Uuid.ZERO_UUID.equals(before) && !now.equals(before)) {
                    // Not a truncated log: a new topic of the same name, shorter than the old one's copy had got.
                    recreatedWhileCopying(tp, before, now);
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

    /**
     * At a start or take-up: partitions whose newest position was written for another topic id than the one assigned
     * (the topic was deleted and made again while no task copied it) are reported and start at the new topic's first
     * record instead of {@code resumeAt}'s offset, an offset of the old topic. A partition whose position was written
     * for the assigned topic before anything of it was copied (a copy that started again at the new topic's first
     * record) resumes there, not at an offset Connect committed for the old topic. Changes {@code resumeAt}; returns
     * the partitions that start at their first record.
     */
    public List<TopicPartition> resumeInCurrentTopics(
            Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> resumeAt,
            Map<TopicPartition, ReplicationPosition> positions,
            Function<String, Uuid> assignedId) {
        List<TopicPartition> fromFirst = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            ReplicationPosition position = positions.get(tp);
            Uuid assigned = assignedId.apply(tp.topic());
            Long copiedTo = droppedAt.remove(tp);
            if (copiedTo != null && assigned.equals(madeAgain.get(tp))) {
                // This task copied the new topic up to there before the partition was dropped: newer than what the
                // positions topic may hold yet.
                converter.state(tp.topic(), tp.partition()).topicId(assigned);
                resumeAt.put(tp, copiedTo);
                continue;
            }
            if (position == null || !position.hasTopicId() || Uuid.ZERO_UUID.equals(assigned)) {
                continue; // written before topic ids, or not known: nothing to compare
            }
            if (!position.topicId().equals(assigned)) {
                if (assigned.equals(madeAgain.get(tp))) {
                    // Found already while copying, before the partition was dropped and taken up again.
                    converter.state(tp.topic(), tp.partition()).restartedAt(0);
                } else {
                    recreated(tp, position.topicId(), assigned, Math.max(0, position.lagRecords()));
                }
                resumeAt.remove(tp);
                fromFirst.add(tp);
            } else if (position.downstreamNext() < 0
                    && resumeAt.containsKey(tp)
                    && position.upstreamNext() < resumeAt.get(tp)) {
                resumeAt.put(tp, position.upstreamNext());
            }
        }
        if (!fromFirst.isEmpty()) {
            consumer.seekToBeginning(fromFirst);
        }
        return fromFirst;
    }

    /**
     * The task no longer copies {@code tp} (its topic is gone, or no longer selected): if this task found its topic
     * made again, where its copy of the new topic stood is kept, for when the partition is taken up again.
     */
    public void dropped(TopicPartition tp) {
        if (madeAgain.containsKey(tp)) {
            long next = converter.state(tp.topic(), tp.partition()).replicatedPosition()[0];
            if (next >= 0) {
                droppedAt.put(tp, next);
            }
        }
    }

    /**
     * While copying: {@code tp}'s topic has a new id (the connector assigned it so, or the source said so when the old
     * position was past the new topic's end). Once the copies in flight are in, the old topic's copy is forgotten and
     * the new topic is copied from its first record.
     */
    public void recreatedWhileCopying(TopicPartition tp, Uuid before, Uuid now) {
        copy.awaitInFlight();
        PartitionState state = converter.state(tp.topic(), tp.partition());
        long[] position = state.replicatedPosition();
        long end = state.sourceEnd();
        recreated(tp, before, now, end >= 0 && position[0] >= 0 ? Math.max(0, end - position[0]) : 0);
        consumer.seekToBeginning(List.of(tp));
    }

    /**
     * Whether {@code id} is the id of a topic this task found deleted and made again under {@code tp}'s name. An
     * assignment naming it is older than what the task found itself (the source told the task before the connector
     * saw the new topic); taking it for news would copy the new topic a second time.
     */
    public boolean replaced(TopicPartition tp, Uuid id) {
        return replacedIds.getOrDefault(tp, Set.of()).contains(id);
    }

    /** The topic's id on the source now; zero when the source does not say. */
    private Uuid currentTopicId(String topic) {
        try (Admin admin = sourceAdmin.get()) {
            TopicDescription description = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(topic);
            return description == null ? Uuid.ZERO_UUID : description.topicId();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Uuid.ZERO_UUID;
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            log.debug("{}: cannot read the id of topic {}: {}", flow, topic, e.toString());
            return Uuid.ZERO_UUID;
        }
    }

    /** Reports a topic made again, and sets its partition's state to start at the new topic's first record. */
    private void recreated(TopicPartition tp, Uuid before, Uuid now, long uncopied) {
        PartitionState state = converter.state(tp.topic(), tp.partition());
        log.error(
                "{}: SOURCE TOPIC MADE AGAIN: {} was deleted and created again under the same name (topic id {}, now"
                        + " {}). Its copy {} keeps the old topic's records, and the new topic's follow them from its"
                        + " first record; offsets of the old topic are not translated into the new one's copy. {}",
                flow,
                tp.topic(),
                before,
                now,
                state.remoteTopic(),
                uncopied > 0
                        ? "RECORDS LOST: " + tp + " had " + uncopied + " records of the old topic not yet copied when"
                                + " last seen; they are not on the target."
                        : "Every record of " + tp + " of the old topic seen by the copy had been copied.");
        if (uncopied > 0) {
            state.meter().lost(uncopied, LostReason.RECREATED);
            state.lost(uncopied);
        }
        state.restartedAt(0);
        state.topicId(now);
        if (!Uuid.ZERO_UUID.equals(before)) {
            replacedIds.computeIfAbsent(tp, t -> new HashSet<>()).add(before);
        }
        madeAgain.put(tp, now);
        copy.newTopic(tp, now);
    }

    /** Counts the gap, and copies on from {@code to}. */
    private void moveOn(PartitionState state, long position, long to, long count, LostReason reason) {
        state.meter().lost(count, reason);
        state.lost(count);
        state.movedPast(position, to);
        consumer.seek(state.sourcePartition(), to);
    }
}
