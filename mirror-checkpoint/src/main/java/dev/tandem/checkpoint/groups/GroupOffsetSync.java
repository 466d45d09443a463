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
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits translated offsets into the target's consumer groups ({@code sync.group.offsets.enabled}), so a group can
 * fail over by simply starting on the target. Never into a group with members on the target (its own commits win),
 * never moving a committed offset backwards, never for a partition that does not exist there. Why a group was
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
            Map<TopicPartition, OffsetAndMetadata> advance = new HashMap<>();
            for (Checkpoint checkpoint : entry.getValue().values()) {
                TopicPartition tp = checkpoint.topicPartition();
                OffsetAndMetadata existing = current.get(tp);
                if (!targetTopics.contains(tp.topic())) {
                    log.trace("Not syncing group {} at {}: the topic is not on the target yet", group, tp);
                    continue;
                }
                if (existing != null && existing.offset() >= checkpoint.downstreamOffset()) {
                    log.trace(
                            "Not syncing group {} at {}: its offset on the target, {}, is at or past the checkpoint's"
                                    + " {} (never backwards)",
                            group,
                            tp,
                            existing.offset(),
                            checkpoint.downstreamOffset());
                    continue;
                }
                advance.put(tp, new OffsetAndMetadata(checkpoint.downstreamOffset(), checkpoint.metadata()));
            }
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
