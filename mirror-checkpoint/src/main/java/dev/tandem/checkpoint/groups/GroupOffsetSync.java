package dev.tandem.checkpoint.groups;

import dev.tandem.client.records.Checkpoint;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits translated offsets into the target's consumer groups ({@code sync.group.offsets.enabled}), so a group can
 * fail over by simply starting on the target. Never into a group with members on the target (its own commits win),
 * never moving a committed offset backwards, never past a partition's log end, never for a partition that does not
 * exist there. Why a group was
 * skipped is logged at INFO when it changes, so a steady state does not fill the log.
 */
public final class GroupOffsetSync {

    private static final Logger log = LoggerFactory.getLogger(GroupOffsetSync.class);

    private final Admin targetAdmin;
    private final Duration timeout;
    private final Map<String, String> lastSkipReason = new HashMap<>();

    public GroupOffsetSync(Admin targetAdmin, Duration timeout) {
        this.targetAdmin = targetAdmin;
        this.timeout = timeout;
    }

    /** Syncs every group's latest checkpoints; returns how many partition offsets were committed. */
    public int sync(Map<String, Map<TopicPartition, Checkpoint>> checkpointsByGroup)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (checkpointsByGroup.isEmpty()) {
            return 0;
        }
        Set<String> targetTopics = targetAdmin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> logEnds = logEnds(checkpointsByGroup, targetTopics);
        Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions =
                targetAdmin.describeConsumerGroups(checkpointsByGroup.keySet()).describedGroups();
        int committed = 0;
        for (Map.Entry<String, Map<TopicPartition, Checkpoint>> entry : checkpointsByGroup.entrySet()) {
            String group = entry.getKey();
            int members = members(descriptions.get(group));
            if (members > 0) {
                skip(group, "it has " + members + " active member(s) on the target; their own commits win");
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> current = targetAdmin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> advance = advance(group, entry.getValue(), current, logEnds);
            if (advance.isEmpty()) {
                continue;
            }
            try {
                targetAdmin
                        .alterConsumerGroupOffsets(group, advance)
                        .all()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                committed += advance.size();
                if (lastSkipReason.remove(group) != null || log.isDebugEnabled()) {
                    log.info("Committed translated offsets of group {} on the target: {}", group, advance);
                }
            } catch (ExecutionException e) {
                skip(group, "committing failed (" + e.getCause() + "); a consumer probably joined it on the target");
            }
        }
        return committed;
    }

    /**
     * The offsets to commit into {@code group} on the target: each checkpoint's, unless the partition is not on the
     * target, the group is already there or further (never backwards), or it lies past the partition's log end
     * (a remote topic truncated or made again: the group would wait for offsets that may never hold its records).
     * A partition missing from {@code logEnds} is not on the target.
     */
    static Map<TopicPartition, OffsetAndMetadata> advance(
            String group,
            Map<TopicPartition, Checkpoint> checkpoints,
            Map<TopicPartition, OffsetAndMetadata> current,
            Map<TopicPartition, Long> logEnds) {
        Map<TopicPartition, OffsetAndMetadata> advance = new HashMap<>();
        for (Checkpoint checkpoint : checkpoints.values()) {
            TopicPartition tp = checkpoint.topicPartition();
            Long end = logEnds.get(tp);
            OffsetAndMetadata existing = current.get(tp);
            if (end == null) {
                log.trace("Not syncing group {} at {}: the partition is not on the target yet", group, tp);
            } else if (existing != null && existing.offset() >= checkpoint.downstreamOffset()) {
                log.trace(
                        "Not syncing group {} at {}: its offset on the target, {}, is at or past the checkpoint's {}"
                                + " (never backwards)",
                        group,
                        tp,
                        existing.offset(),
                        checkpoint.downstreamOffset());
            } else if (checkpoint.downstreamOffset() > end) {
                log.debug(
                        "Not syncing group {} at {}: the checkpoint's {} is past the target's log end {}",
                        group,
                        tp,
                        checkpoint.downstreamOffset(),
                        end);
            } else {
                advance.put(tp, new OffsetAndMetadata(checkpoint.downstreamOffset(), checkpoint.metadata()));
            }
        }
        return advance;
    }

    /** The log end of every checkpointed partition on the target, in one request; absent when not there. */
    private Map<TopicPartition, Long> logEnds(
            Map<String, Map<TopicPartition, Checkpoint>> checkpointsByGroup, Set<String> targetTopics)
            throws InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        checkpointsByGroup
                .values()
                .forEach(checkpoints -> checkpoints.keySet().forEach(tp -> {
                    if (targetTopics.contains(tp.topic())) {
                        request.put(tp, OffsetSpec.latest());
                    }
                }));
        Map<TopicPartition, Long> ends = new HashMap<>();
        if (request.isEmpty()) {
            return ends;
        }
        ListOffsetsResult result = targetAdmin.listOffsets(request);
        for (TopicPartition tp : request.keySet()) {
            try {
                ends.put(
                        tp,
                        result.partitionResult(tp)
                                .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                                .offset());
            } catch (ExecutionException notThere) {
                log.trace(
                        "No log end for {} on the target: {}",
                        tp,
                        notThere.getCause().toString());
            }
        }
        return ends;
    }

    private int members(KafkaFuture<ConsumerGroupDescription> description)
            throws InterruptedException, TimeoutException {
        try {
            return description
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .members()
                    .size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return 0; // not on the target yet: committing creates it
            }
            throw new IllegalStateException(
                    "Cannot describe a consumer group on the target: " + e.getCause(), e.getCause());
        }
    }

    private void skip(String group, String reason) {
        if (!Objects.equals(lastSkipReason.put(group, reason), reason)) {
            log.info("Not syncing offsets of group {} on the target: {}", group, reason);
        } else {
            log.debug("Not syncing offsets of group {} on the target: {}", group, reason);
        }
    }
}
