package dev.tandem.checkpoint.translate;

import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.common.filter.TopicSelector;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a group's committed offset on the source into a checkpoint for the target, both ways:
 * <ul>
 *   <li><b>Fail over</b>: a topic this flow copies ({@code orders} on A) is translated forward through this flow's
 *       syncs to its remote topic ({@code A.orders} on B).</li>
 *   <li><b>Fail back</b>: a remote topic that came from the target ({@code A.orders} on B, in flow B->A) is
 *       translated backwards through the opposite flow's syncs to the target's own topic ({@code orders} on A).</li>
 * </ul>
 * Anything else, or an offset the syncs do not cover, gets no checkpoint: no translation rather than a wrong one.
 */
public final class CheckpointTranslator {

    // Every "no checkpoint" decision is logged at TRACE with its reason: per group and partition, every interval, so
    // only for a chase after a missing checkpoint (log4j: logger dev.tandem.checkpoint.translate at TRACE).
    private static final Logger log = LoggerFactory.getLogger(CheckpointTranslator.class);

    private final String targetAlias;
    private final ReplicationPolicy policy;
    private final TopicSelector selector;
    private final SyncSource forward;
    private final SyncSource reverse;

    public CheckpointTranslator(
            String targetAlias,
            ReplicationPolicy policy,
            TopicSelector selector,
            SyncSource forward,
            SyncSource reverse) {
        this.targetAlias = targetAlias;
        this.policy = policy;
        this.selector = selector;
        this.forward = forward;
        this.reverse = reverse;
    }

    public Optional<Checkpoint> translate(String group, TopicPartition sourcePartition, OffsetAndMetadata committed) {
        return translate(group, sourcePartition, committed, topic -> Uuid.ZERO_UUID);
    }

    /**
     * As {@link #translate(String, TopicPartition, OffsetAndMetadata)}, with the id of each source topic now
     * ({@code sourceTopicIds}, {@link Uuid#ZERO_UUID} when not known): a group's offset of a topic whose syncs describe
     * the copy of another topic of the same name (deleted and made again, the copy not yet switched to the new one)
     * gets no checkpoint.
     */
    public Optional<Checkpoint> translate(
            String group,
            TopicPartition sourcePartition,
            OffsetAndMetadata committed,
            Function<String, Uuid> sourceTopicIds) {
        String topic = sourcePartition.topic();
        if (isFromTarget(topic)) {
            if (!reverse.ready()) {
                log.trace(
                        "No checkpoint for group {} at {} offset {}: the opposite flow's offset syncs are not read"
                                + " up to date yet",
                        group,
                        sourcePartition,
                        committed.offset());
                return Optional.empty();
            }
            TopicPartition onTarget = new TopicPartition(policy.upstreamTopic(topic), sourcePartition.partition());
            return checkpoint(
                    group, onTarget, committed, reverse.store().translateUpstream(onTarget, committed.offset()));
        }
        if (!selector.shouldReplicate(topic)) {
            log.trace(
                    "No checkpoint for group {} at {}: topic {} is not replicated by this flow",
                    group,
                    sourcePartition,
                    topic);
            return Optional.empty();
        }
        if (!forward.ready()) {
            log.trace(
                    "No checkpoint for group {} at {} offset {}: this flow's offset syncs are not read up to date"
                            + " yet",
                    group,
                    sourcePartition,
                    committed.offset());
            return Optional.empty();
        }
        Uuid copied = forward.store().topicId(sourcePartition);
        Uuid now = sourceTopicIds.apply(topic);
        if (!Uuid.ZERO_UUID.equals(copied) && now != null && !Uuid.ZERO_UUID.equals(now) && !copied.equals(now)) {
            log.trace(
                    "No checkpoint for group {} at {} offset {}: the offset syncs describe the copy of topic id {}, the"
                            + " source's {} is now topic id {} (deleted and made again)",
                    group,
                    sourcePartition,
                    committed.offset(),
                    copied,
                    topic,
                    now);
            return Optional.empty();
        }
        TopicPartition remote = new TopicPartition(selector.remoteTopic(topic), sourcePartition.partition());
        return checkpoint(
                group, remote, committed, forward.store().translateDownstream(sourcePartition, committed.offset()));
    }

    /**
     * What every translation depends on besides the offset translated and the source's topic ids: each store's
     * {@link OffsetSyncStore#changes} and readiness. While it equals an earlier one, the same committed offset
     * translates as it did then.
     */
    public Inputs inputs() {
        return new Inputs(
                forward.ready(),
                forward.store().changes(),
                reverse.ready(),
                reverse.store().changes());
    }

    /** See {@link #inputs}. */
    public record Inputs(boolean forwardReady, long forwardChanges, boolean reverseReady, long reverseChanges) {}

    /**
     * Whether a group's offset of {@code sourcePartition} that got no translation waits for one: the partition is this
     * flow's and either its offset syncs are not read up to date yet, or the partition has syncs and the offset is
     * older than they reach. A partition without any sync (nothing of it copied yet, or nothing to copy: consumers
     * commit offset 0 on empty partitions) waits for nothing; a copy that does not run shows as lag instead.
     */
    public boolean awaited(TopicPartition sourcePartition) {
        String topic = sourcePartition.topic();
        if (isFromTarget(topic)) {
            TopicPartition onTarget = new TopicPartition(policy.upstreamTopic(topic), sourcePartition.partition());
            return !reverse.ready() || reverse.store().size(onTarget) > 0;
        }
        if (!selector.shouldReplicate(topic)) {
            return false;
        }
        return !forward.ready() || forward.store().size(sourcePartition) > 0;
    }

    /** True for a remote topic whose nearest source is the target: it went target -> source and may go back. */
    private boolean isFromTarget(String topic) {
        String upstream = policy.upstreamTopic(topic);
        return targetAlias.equals(policy.topicSource(topic)) && upstream != null && !upstream.equals(topic);
    }

    private static Optional<Checkpoint> checkpoint(
            String group, TopicPartition onTarget, OffsetAndMetadata committed, OptionalLong translated) {
        if (translated.isEmpty()) {
            log.trace(
                    "No checkpoint for group {} towards {} offset {}: no offset sync covers it (not copied yet, or"
                            + " copied before the syncs the store still holds)",
                    group,
                    onTarget,
                    committed.offset());
            return Optional.empty();
        }
        return Optional.of(
                new Checkpoint(group, onTarget, committed.offset(), translated.getAsLong(), committed.metadata()));
    }

    /** A store and whether it has read its syncs topic up to date at least once. */
    public interface SyncSource {
        OffsetSyncStore store();

        boolean ready();

        /** A source over {@code store} that is ready when {@code ready} says so. */
        static SyncSource of(OffsetSyncStore store, BooleanSupplier ready) {
            return new SyncSource() {
                @Override
                public OffsetSyncStore store() {
                    return store;
                }

                @Override
                public boolean ready() {
                    return ready.getAsBoolean();
                }
            };
        }
    }
}
