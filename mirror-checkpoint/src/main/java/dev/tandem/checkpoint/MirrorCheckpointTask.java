package dev.tandem.checkpoint;

import dev.tandem.checkpoint.groups.GroupShare;
import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.common.filter.TopicSelector;
import dev.tandem.common.metrics.MirrorMetrics;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.common.runtime.TandemVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the source's consumer groups every {@code refresh.groups.interval.seconds} and keeps those of its
 * {@link GroupShare} that the group filter selects; a new group is picked up here, with no new task config and no
 * restart. Translates the committed offsets of its groups every {@code emit.checkpoints.interval.seconds} and
 * writes a checkpoint for each partition whose translation changed; with {@code sync.group.offsets.enabled}, also
 * commits them into the target's groups. Two readers follow the offset syncs: this flow's (fail over) and the
 * opposite flow's (fail back); no checkpoint is written from a reader that has not caught up yet.
 */
public class MirrorCheckpointTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(MirrorCheckpointTask.class);
    private static final long MAX_WAIT_MS = 1000;
    /** How soon a failed listing of the source's groups is tried again. */
    static final Duration LIST_RETRY = Duration.ofSeconds(10);

    private final Time time;
    private MirrorCheckpointConfig config;
    /** Replaced whole, never changed in place: stop() reads it from Connect's thread. */
    private volatile List<String> groups = List.of();

    private GroupShare share;
    /** Groups with a committed offset this flow translates but could not, and since when (ms). */
    private final Map<String, Long> pendingSince = new HashMap<>();

    private boolean groupsListed;
    private long nextGroupRefreshMs;
    private final Function<MirrorCheckpointConfig, CheckpointClients> opener;
    private CheckpointClients clients;
    private CheckpointTranslator translator;
    private MirrorMetrics.FlowMeter meter = MirrorMetrics.NO_OP.flow("", "");
    private final Map<String, Map<TopicPartition, Checkpoint>> latest = new HashMap<>();
    private final TranslatedOffsets translated = new TranslatedOffsets();
    private long nextCheckpointMs;
    private long nextGroupSyncMs;

    public MirrorCheckpointTask() {
        this(Time.SYSTEM, KafkaCheckpointClients::open);
    }

    /** A task on its own clock and clients, for unit tests. */
    MirrorCheckpointTask(Time time, Function<MirrorCheckpointConfig, CheckpointClients> opener) {
        this.time = time;
        this.opener = opener;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MirrorCheckpointConfig(props);
        share = MirrorCheckpointTaskConfig.share(props);
        meter = MirrorMetricsHolder.get().flow(config.sourceClusterAlias(), config.targetClusterAlias());
        clients = opener.apply(config);
        try {
            TopicSelector selector = new TopicSelector(
                    config.sourceClusterAlias(),
                    config.targetClusterAlias(),
                    config.replicationPolicy(),
                    config.topicFilter(),
                    true);
            translator = new CheckpointTranslator(
                    config.targetClusterAlias(),
                    config.replicationPolicy(),
                    selector,
                    clients.forwardSyncs(),
                    clients.reverseSyncs());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        // What earlier runs wrote: a checkpoint never goes back from it (see isNewer), across restarts too.
        clients.writtenCheckpoints().forEach((group, checkpoints) -> {
            if (share.owns(group) && config.groupFilter().shouldReplicateGroup(group)) {
                latest.put(group, new HashMap<>(checkpoints));
            }
        });
        long now = time.milliseconds();
        nextCheckpointMs = now;
        nextGroupSyncMs = now + config.syncGroupOffsetsInterval().toMillis();
        refreshGroups(now);
    }

    /**
     * Lists the source's groups and keeps this task's share of those selected; with {@code refresh.groups.enabled}
     * off, only until one listing succeeded. A failed listing keeps the groups it had.
     */
    private void refreshGroups(long now) {
        nextGroupRefreshMs = now + config.refreshGroupsInterval().toMillis();
        if (groupsListed && !config.refreshGroupsEnabled()) {
            return;
        }
        List<String> found = new ArrayList<>();
        try {
            for (String group : clients.listGroups()) {
                if (share.owns(group) && config.groupFilter().shouldReplicateGroup(group)) {
                    found.add(group);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            // Sooner than the refresh interval (MM2's default is 10 minutes): a task that started while the source
            // was away has no groups at all until a listing succeeds, so it would write no checkpoint meanwhile.
            Duration retry = config.refreshGroupsInterval().compareTo(LIST_RETRY) < 0
                    ? config.refreshGroupsInterval()
                    : LIST_RETRY;
            nextGroupRefreshMs = now + retry.toMillis();
            log.warn(
                    "{} checkpoint task {}: cannot list the source's consumer groups ({}); trying again in {}",
                    config.flow(),
                    share.taskIndex(),
                    e.toString(),
                    retry);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Collections.sort(found);
        groupsListed = true;
        if (!found.equals(groups)) {
            List<String> gone = new ArrayList<>(groups);
            gone.removeAll(new HashSet<>(found));
            gone.forEach(latest::remove);
            gone.forEach(group -> {
                translated.forget(group);
                pendingSince.remove(group);
                meter.groupCheckpoints(group, MirrorMetrics.FlowMeter.GROUP_GONE);
            });
            log.info(
                    "{} checkpoint task {} of {}: translating offsets of {} consumer group(s) (was {}){}",
                    config.flow(),
                    share.taskIndex(),
                    share.taskCount(),
                    found.size(),
                    groups.size(),
                    found.size() <= 50 ? ": " + found : "");
            groups = List.copyOf(found);
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = time.milliseconds();
        if (now >= nextGroupRefreshMs) {
            refreshGroups(now);
        }
        long due = Math.min(
                Math.min(nextCheckpointMs, nextGroupRefreshMs),
                config.syncGroupOffsetsEnabled() ? nextGroupSyncMs : Long.MAX_VALUE);
        if (now < due) {
            time.sleep(Math.min(MAX_WAIT_MS, due - now)); // Connect polls in a loop; waiting here is how tasks idle
            return null;
        }
        List<SourceRecord> records = null;
        try {
            if (now >= nextCheckpointMs) {
                nextCheckpointMs = now + config.emitCheckpointsInterval().toMillis();
                records = checkpoints();
                meter.checkpointRound(time.milliseconds() - now);
            }
            if (config.syncGroupOffsetsEnabled() && now >= nextGroupSyncMs) {
                nextGroupSyncMs = now + config.syncGroupOffsetsInterval().toMillis();
                clients.syncGroupOffsets(latest);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new RetriableException("Reading or committing group offsets failed; retrying: " + e, e);
        }
        return records == null || records.isEmpty() ? null : records;
    }

    /**
     * Checkpoints whose translation changed since the last ones written; updates {@link #latest}. Translates only the
     * groups whose committed offsets, or the offset syncs, moved since their last translation (see {@link
     * TranslatedOffsets}).
     */
    private List<SourceRecord> checkpoints() throws InterruptedException, ExecutionException, TimeoutException {
        if (groups.isEmpty()) {
            return List.of();
        }
        // Before the offsets are read: a sync added while this round translates counts as news for the next one.
        translated.startRound(translator.inputs());
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = clients.committedOffsets(groups);
        long now = time.milliseconds();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> stale = new HashMap<>();
        for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : offsets.entrySet()) {
            if (translated.stale(group.getKey(), group.getValue())) {
                stale.put(group.getKey(), group.getValue());
            } else {
                // Same inputs, same outcome: still (or no longer) waiting as the last round found.
                reportPending(group.getKey(), pendingSince.containsKey(group.getKey()), now);
            }
        }
        if (stale.isEmpty()) {
            return List.of();
        }
        // Read after the offsets: a topic made again since is seen, so its new offsets are not translated through the
        // old topic's syncs.
        Map<String, Uuid> topicIds = clients.sourceTopicIds();
        List<SourceRecord> records = new ArrayList<>();
        for (Map.Entry<String, Map<TopicPartition, OffsetAndMetadata>> group : stale.entrySet()) {
            translate(group.getKey(), group.getValue(), topicIds, records, now);
            translated.translated(group.getKey(), group.getValue());
        }
        return records;
    }

    /** Adds to {@code records} the checkpoints of {@code group} that changed; updates {@link #latest}. */
    private void translate(
            String group,
            Map<TopicPartition, OffsetAndMetadata> offsets,
            Map<String, Uuid> topicIds,
            List<SourceRecord> records,
            long now) {
        Map<TopicPartition, Checkpoint> written = latest.computeIfAbsent(group, g -> new HashMap<>());
        boolean untranslated = false;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> committed : offsets.entrySet()) {
            if (committed.getValue() == null) {
                log.trace(
                        "No checkpoint for group {} at {}: the group has no committed offset there",
                        group,
                        committed.getKey());
                continue;
            }
            Optional<Checkpoint> checkpoint =
                    translator.translate(group, committed.getKey(), committed.getValue(), topicIds::get);
            untranslated |= checkpoint.isEmpty() && translator.awaited(committed.getKey());
            if (checkpoint.isEmpty()
                    || !isNewer(checkpoint.get(), written.get(checkpoint.get().topicPartition()))) {
                continue;
            }
            Checkpoint c = checkpoint.get();
            written.put(c.topicPartition(), c);
            if (config.emitCheckpointsEnabled()) {
                records.add(toRecord(config.checkpointsTopic(), c));
            }
        }
        reportPending(group, untranslated, now);
    }

    /**
     * Tells the metrics since when a group has had a committed offset this flow translates but could not (see {@link
     * CheckpointTranslator#awaited}): a consumer moved to the target now would start from an older checkpoint, or
     * none.
     */
    private void reportPending(String group, boolean untranslated, long now) {
        long since = untranslated ? pendingSince.computeIfAbsent(group, g -> now) : 0;
        if (!untranslated) {
            pendingSince.remove(group);
        }
        meter.groupCheckpoints(group, since);
    }

    /**
     * Whether {@code checkpoint} should be written after {@code last}: it differs, and does not move the group back
     * on the target unless the group itself went back on the source (an offset reset). A restarted task may know
     * fewer syncs than the one before it (the offset-syncs topic is compacted) and translate a little lower; as in
     * MirrorMaker 2, such a checkpoint is not written, so a consumer never re-reads because of a restart.
     */
    static boolean isNewer(Checkpoint checkpoint, Checkpoint last) {
        if (last == null) {
            return true;
        }
        if (checkpoint.equals(last)) {
            return false;
        }
        return checkpoint.upstreamOffset() < last.upstreamOffset()
                || checkpoint.downstreamOffset() >= last.downstreamOffset();
    }

    private SourceRecord toRecord(String topic, Checkpoint checkpoint) {
        // A HashMap, as MirrorMaker 2's: Connect finds a partition's offset by the key's JSON bytes, and re-reads
        // stored keys into HashMaps; Map.of's own order made GET /connectors/NAME/offsets answer null offsets.
        Map<String, Object> partition = new HashMap<>();
        partition.put("group", checkpoint.consumerGroupId());
        partition.put("topic", checkpoint.topicPartition().topic());
        partition.put("partition", checkpoint.topicPartition().partition());
        return new SourceRecord(
                partition,
                Map.of("offset", 0L), // as MirrorMaker 2: nothing reads it, the offsets API shows it
                topic,
                0,
                Schema.BYTES_SCHEMA,
                checkpoint.keyBytes(),
                Schema.BYTES_SCHEMA,
                checkpoint.valueBytes(),
                time.milliseconds());
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (metadata != null) {
            meter.checkpointsWritten(1);
        }
    }

    @Override
    public void stop() {
        // Another task (on this process or another) reports these groups from now on; a stale pending age here
        // would only grow.
        groups.forEach(group -> meter.groupCheckpoints(group, MirrorMetrics.FlowMeter.GROUP_GONE));
        Utils.closeQuietly(clients, "checkpoint clients");
    }

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
