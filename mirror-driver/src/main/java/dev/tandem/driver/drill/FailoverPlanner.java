package dev.tandem.driver.drill;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.filter.TopicSelector;
import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.driver.drill.DrillReport.GroupPartition;
import dev.tandem.driver.drill.DrillReport.GroupRow;
import dev.tandem.driver.drill.DrillReport.Parity;
import dev.tandem.driver.drill.DrillReport.PartitionRow;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Works out what failing over from {@code from} to {@code to} would do, without changing anything: per replicated
 * partition how far {@code to} is behind (the recovery point), per consumer group where it would continue on
 * {@code to}. With {@code from} reachable everything is read live; without it, from what {@code to} holds: the
 * replicators' positions, the checkpoints, the heartbeats, and offset syncs kept there.
 */
public final class FailoverPlanner {

    private final DrillRequest request;
    private final MirrorCheckpointConfig flow;
    private final ReplicationPolicy policy;
    private final TopicSelector selector;
    private final String positionsTopic;
    private final ClusterSide from;
    private final ClusterSide to;
    private final PrintStream progress;
    private final Set<String> notKnown = new LinkedHashSet<>();

    /** {@code flow} is the checkpoint connector's config of flow from->to; progress lines go to {@code progress}. */
    public FailoverPlanner(DrillRequest request, MirrorCheckpointConfig flow, String positionsTopic, ClusterSide from,
                           ClusterSide to, PrintStream progress) {
        this.request = request;
        this.flow = flow;
        this.policy = flow.replicationPolicy();
        this.selector = new TopicSelector(request.from(), request.to(), policy, flow.topicFilter(), false);
        this.positionsTopic = positionsTopic;
        this.from = from;
        this.to = to;
        this.progress = progress;
    }

    public DrillReport plan() throws Exception {
        long now = System.currentTimeMillis();
        progress.printf("Reading what %s holds about %s ...%n", request.to(), request.from());
        Map<TopicPartition, ReplicationPosition> positions = FlowBookkeeping.positions(to, positionsTopic);
        if (positions.isEmpty()) {
            notKnown.add("replication positions: " + positionsTopic + " on " + request.to() + " is empty or missing"
                    + " (written by Tandem's source connector, emit.positions.enabled); the recovery point is then"
                    + " extrapolated from offset syncs");
        }
        OffsetSyncStore forward = syncs(flow.offsetSyncsOnTarget() ? to : from, flow.forwardOffsetSyncsTopic());
        OffsetSyncStore reverse = syncs(flow.offsetSyncsOnTarget() ? from : to, flow.reverseOffsetSyncsTopic());
        Double heartbeatAge = heartbeatAge(now);

        List<PartitionRow> rows = partitionRows(positions, forward, now);
        Map<TopicPartition, PartitionRow> rowByPartition = new HashMap<>();
        rows.forEach(row -> rowByPartition.put(new TopicPartition(row.topic(), row.partition()), row));
        List<GroupRow> groups = from.reachable()
                ? liveGroups(forward, reverse, rowByPartition)
                : checkpointedGroups(rowByPartition, now);

        long rpo = 0;
        Double rpoSeconds = from.reachable() ? 0.0 : null;
        Long missingSince = null;
        for (PartitionRow row : rows) {
            if (row.lagRecords() == null) {
                notKnown.add("the recovery point of " + row.topic() + "-" + row.partition() + ": neither its end on "
                        + request.from() + " nor its replicated position is known");
                continue;
            }
            rpo += row.lagRecords();
            if (row.lagSeconds() != null && rpoSeconds != null) {
                rpoSeconds = Math.max(rpoSeconds, row.lagSeconds());
            }
            if (row.lagRecords() > 0 && row.newestTimestamp() != null) {
                missingSince = missingSince == null ? row.newestTimestamp() : Math.min(missingSince, row.newestTimestamp());
            }
        }
        boolean parityFailed = request.verify() && (!from.reachable()
                || rows.stream().anyMatch(r -> r.parity() != null && !(r.parity().checked() && r.parity().matches())));
        return new DrillReport(request.from(), request.to(), from.unreachableReason().orElse(null), heartbeatAge, rows,
                rpo, rpoSeconds, missingSince, groups, List.copyOf(notKnown), false, List.of(), parityFailed ? 1 : 0);
    }

    private OffsetSyncStore syncs(ClusterSide cluster, String topic) {
        if (!cluster.reachable()) {
            notKnown.add("offset syncs " + topic + " (on " + cluster.alias() + ", unreachable): translations come from"
                    + " the checkpoints on " + request.to());
            return null;
        }
        return FlowBookkeeping.syncs(cluster, topic);
    }

    /**
     * Age of the newest heartbeat that came from {@code from}: its heartbeats topic copied to {@code to}
     * ({@code A.heartbeats}). Heartbeats {@code to} writes itself would say nothing about {@code from}.
     */
    private Double heartbeatAge(long now) {
        String topic = policy.formatRemoteTopic(request.from(), policy.heartbeatsTopic());
        OptionalLong newest = FlowBookkeeping.newestHeartbeat(to, topic);
        if (newest.isEmpty()) {
            notKnown.add("heartbeats: " + topic + " on " + request.to() + " is empty or missing (it is " + request.from()
                    + "'s heartbeats topic, copied; it exists when some flow into " + request.from() + " emits heartbeats)");
            return null;
        }
        return Math.max(0, now - newest.getAsLong()) / 1000.0;
    }

    // ---- partitions -------------------------------------------------------------------------------------------

    private List<PartitionRow> partitionRows(Map<TopicPartition, ReplicationPosition> positions, OffsetSyncStore forward,
                                             long now) throws Exception {
        Set<TopicPartition> sources = sourcePartitions(positions);
        Map<TopicPartition, TopicPartition> remotes = new TreeMap<>(DrillText.PARTITION_ORDER);
        sources.forEach(tp -> remotes.put(tp, new TopicPartition(selector.remoteTopic(tp.topic()), tp.partition())));
        Set<String> onTarget = to.admin().listTopics().names().get(to.timeout().toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> existing = remotes.values().stream().filter(r -> onTarget.contains(r.topic())).toList();
        Map<TopicPartition, Long> targetEnds = to.ends(existing);
        Map<TopicPartition, Long> targetStarts = to.beginnings(existing);
        Map<TopicPartition, Long> sourceEnds = from.reachable() ? from.ends(sources) : Map.of();
        Map<TopicPartition, Long> sourceStarts = from.reachable() && request.verify() ? from.beginnings(sources) : Map.of();
        if (!from.reachable()) {
            notKnown.add("lag in seconds: the age of the oldest record " + request.to() + " lacks is on " + request.from() + "; the report"
                    + " says up to which record timestamp " + request.to() + " has " + request.from() + "'s records");
        }
        if (request.verify() && !from.reachable()) {
            notKnown.add("parity (--verify): it reads both clusters and " + request.from() + " is unreachable");
        }
        List<PartitionRow> rows = new ArrayList<>();
        try (RecordScanner onFrom = from.reachable() ? new RecordScanner(from) : null;
             RecordScanner onTo = new RecordScanner(to)) {
            int done = 0;
            for (Map.Entry<TopicPartition, TopicPartition> entry : remotes.entrySet()) {
                TopicPartition tp = entry.getKey();
                TopicPartition remote = entry.getValue();
                rows.add(partitionRow(tp, remote, positions.get(tp), forward, now, sourceEnds.get(tp), sourceStarts.get(tp),
                        targetEnds.get(remote), targetStarts.get(remote), onFrom, onTo));
                if (++done % 100 == 0) {
                    progress.printf("  %d of %d partitions checked%n", done, remotes.size());
                }
            }
        }
        return rows;
    }

    /** The partitions of {@code from} this flow copies: listed live, or from what {@code to} knows of them. */
    private Set<TopicPartition> sourcePartitions(Map<TopicPartition, ReplicationPosition> positions) throws Exception {
        Predicate<String> wanted = topic -> selector.shouldReplicate(topic) && !policy.isHeartbeatsTopic(topic)
                && request.wantsTopic(topic);
        Set<TopicPartition> partitions = new TreeSet<>(DrillText.PARTITION_ORDER);
        if (from.reachable()) {
            Set<String> topics = new TreeSet<>(from.admin().listTopics().names().get(from.timeout().toMillis(), TimeUnit.MILLISECONDS));
            topics.removeIf(wanted.negate());
            partitions(from, topics).forEach(partitions::add);
            return partitions;
        }
        positions.keySet().stream().filter(tp -> wanted.test(tp.topic())).forEach(partitions::add);
        Set<String> remoteTopics = new TreeSet<>();
        for (String topic : to.admin().listTopics().names().get(to.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            String upstream = policy.upstreamTopic(topic);
            if (request.from().equals(policy.topicSource(topic)) && upstream != null && wanted.test(upstream)) {
                remoteTopics.add(topic);
            }
        }
        for (TopicPartition remote : partitions(to, remoteTopics)) {
            partitions.add(new TopicPartition(policy.upstreamTopic(remote.topic()), remote.partition()));
        }
        return partitions;
    }

    private static List<TopicPartition> partitions(ClusterSide cluster, Collection<String> topics) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        if (topics.isEmpty()) {
            return partitions;
        }
        Map<String, TopicDescription> descriptions = cluster.admin().describeTopics(topics).allTopicNames()
                .get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
        descriptions.values().forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        return partitions;
    }

    private PartitionRow partitionRow(TopicPartition tp, TopicPartition remote, ReplicationPosition position,
                                      OffsetSyncStore forward, long now, Long liveEnd, Long sourceStart, Long targetEnd,
                                      Long targetStart, RecordScanner onFrom, RecordScanner onTo) {
        Optional<OffsetSync> newestSync = forward == null ? Optional.empty() : forward.newest(tp);
        ReplicatedPoint replicated = ReplicatedPoint.of(position, newestSync, targetEnd);
        Long sourceEnd = liveEnd;
        Double endAge = liveEnd == null ? null : 0.0;
        if (liveEnd == null && position != null && position.sourceEnd() >= 0) {
            sourceEnd = position.sourceEnd();
            endAge = Math.max(0, now - position.observedAt()) / 1000.0;
        }
        Long replicatedTo = replicated == null ? null : replicated.upstreamNext();
        Long lag = sourceEnd == null || replicatedTo == null ? null : Math.max(0, sourceEnd - replicatedTo);
        Double lagSeconds = null;
        if (lag != null && onFrom != null) {
            lagSeconds = lag == 0 ? 0.0 : onFrom.timestampAt(tp, replicatedTo, sourceEnd)
                    .stream().mapToDouble(ts -> Math.max(0, now - ts) / 1000.0).boxed().findFirst().orElse(null);
        }
        Long newestTimestamp = null;
        if (targetEnd != null && targetStart != null && targetEnd > targetStart) {
            OptionalLong ts = onTo.timestampAt(remote, targetEnd - 1, targetEnd);
            newestTimestamp = ts.isPresent() ? ts.getAsLong() : null;
        }
        Parity parity = null;
        if (request.verify() && onFrom != null) {
            parity = ParityCheck.of(tp, remote, forward, replicated, sourceStart, targetStart, targetEnd, onFrom, onTo);
        }
        return new PartitionRow(tp.topic(), tp.partition(), remote.topic(), sourceEnd, endAge, replicatedTo,
                replicated != null && replicated.exact(), targetEnd, lag, lagSeconds, newestTimestamp, parity);
    }

    // ---- groups -----------------------------------------------------------------------------------------------

    private boolean wantsGroup(String group) {
        return flow.groupFilter().shouldReplicateGroup(group) && request.wantsGroup(group);
    }

    @SuppressWarnings("deprecation") // listGroups() is 4.0+; the same call as the checkpoint connector's
    private List<GroupRow> liveGroups(OffsetSyncStore forward, OffsetSyncStore reverse,
                                      Map<TopicPartition, PartitionRow> rows) throws Exception {
        long ms = from.timeout().toMillis();
        Set<String> groups = new TreeSet<>();
        from.admin().listConsumerGroups().all().get(ms, TimeUnit.MILLISECONDS)
                .forEach(listing -> groups.add(listing.groupId()));
        groups.removeIf(group -> !wantsGroup(group));
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = specs.isEmpty() ? Map.of()
                : from.admin().listConsumerGroupOffsets(specs).all().get(ms, TimeUnit.MILLISECONDS);
        CheckpointTranslator translator = new CheckpointTranslator(request.to(), policy, selector,
                SyncSources.of(forward), SyncSources.of(reverse));
        Map<String, Integer> members = membersOnTarget(groups);
        List<GroupRow> result = new ArrayList<>();
        for (String group : groups) {
            List<GroupPartition> partitions = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> committed = new TreeMap<>(DrillText.PARTITION_ORDER);
            committed.putAll(offsets.getOrDefault(group, Map.of()));
            committed.values().removeIf(java.util.Objects::isNull);
            for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : committed.entrySet()) {
                TopicPartition tp = entry.getKey();
                long c = entry.getValue().offset();
                if (!request.wantsTopic(tp.topic()) && !request.wantsTopic(String.valueOf(policy.upstreamTopic(tp.topic())))) {
                    continue;
                }
                if (isFromTarget(tp.topic())) {
                    TopicPartition onTo = new TopicPartition(policy.upstreamTopic(tp.topic()), tp.partition());
                    Optional<Checkpoint> translated = translator.translate(group, tp, entry.getValue());
                    Optional<OffsetSync> newest = reverse == null ? Optional.empty() : reverse.newest(onTo);
                    Long reread = translated.isEmpty() ? null
                            : newest.map(s -> Math.max(0, c - s.downstreamOffset() - 1)).orElse(null);
                    partitions.add(new GroupPartition(tp.topic(), tp.partition(), c, onTo.topic(),
                            translated.map(Checkpoint::downstreamOffset).orElse(null), reread, 0L,
                            translated.isEmpty() ? untranslatable(reverse, flow.reverseOffsetSyncsTopic())
                                    : reread != null && reread > 0 ? "past the newest offset sync" : "offset syncs"));
                } else if (selector.shouldReplicate(tp.topic()) && !policy.isHeartbeatsTopic(tp.topic())) {
                    partitions.add(forwardPartition(tp, c, translator.translate(group, tp, entry.getValue())
                            .map(Checkpoint::downstreamOffset), forward, rows.get(tp), null));
                } else {
                    notKnown.add("group " + group + " reads " + tp.topic() + ", which is not replicated from "
                            + request.from() + " to " + request.to() + ": its offsets there cannot move");
                }
            }
            if (partitions.isEmpty()) {
                notKnown.add("group " + group + " has no committed offset on a topic replicated to " + request.to()
                        + (request.topics() == null ? "" : " and matching --topics") + ": left out");
                continue;
            }
            result.add(new GroupRow(group, members.getOrDefault(group, 0), partitions, "planned"));
        }
        return result;
    }

    /** Groups as {@code to} knows them when {@code from} is gone: the newest checkpoint of each partition. */
    private List<GroupRow> checkpointedGroups(Map<TopicPartition, PartitionRow> rows, long now) throws Exception {
        Map<String, Map<TopicPartition, FlowBookkeeping.Written<Checkpoint>>> checkpoints =
                FlowBookkeeping.checkpoints(to, flow.checkpointsTopic());
        notKnown.add("committed offsets on " + request.from() + ": taken from the newest checkpoints in "
                + flow.checkpointsTopic() + " on " + request.to() + "; what groups committed after them is read again");
        Set<String> groups = new TreeSet<>(checkpoints.keySet());
        groups.removeIf(group -> !wantsGroup(group));
        Map<String, Integer> members = membersOnTarget(groups);
        List<GroupRow> result = new ArrayList<>();
        for (String group : groups) {
            List<GroupPartition> partitions = new ArrayList<>();
            Map<TopicPartition, FlowBookkeeping.Written<Checkpoint>> byPartition = new TreeMap<>(DrillText.PARTITION_ORDER);
            byPartition.putAll(checkpoints.get(group));
            for (FlowBookkeeping.Written<Checkpoint> written : byPartition.values()) {
                Checkpoint checkpoint = written.value();
                TopicPartition onTo = checkpoint.topicPartition();
                String basis = String.format("checkpoint written %.1f s ago", Math.max(0, now - written.timestamp()) / 1000.0);
                if (request.from().equals(policy.topicSource(onTo.topic()))) {
                    TopicPartition tp = new TopicPartition(policy.upstreamTopic(onTo.topic()), onTo.partition());
                    if (request.wantsTopic(tp.topic())) {
                        partitions.add(forwardPartition(tp, checkpoint.upstreamOffset(),
                                Optional.of(checkpoint.downstreamOffset()), null, rows.get(tp), basis));
                    }
                } else if (request.wantsTopic(onTo.topic())) {
                    partitions.add(new GroupPartition(policy.formatRemoteTopic(request.to(), onTo.topic()), onTo.partition(),
                            checkpoint.upstreamOffset(), onTo.topic(), checkpoint.downstreamOffset(), null, 0L, basis));
                }
            }
            result.add(new GroupRow(group, members.getOrDefault(group, 0), partitions, "planned"));
        }
        return result;
    }

    /**
     * A partition this flow copies. A group that committed at or after everything replicated continues at the end of
     * the remote partition; else the translation stands, exact inside the offset syncs' range.
     */
    private GroupPartition forwardPartition(TopicPartition tp, long committed, Optional<Long> translated,
                                            OffsetSyncStore forward, PartitionRow row, String checkpointBasis) {
        String remote = selector.remoteTopic(tp.topic());
        Long missing = row == null || row.sourceEnd() == null || row.replicatedTo() == null ? null
                : Math.max(0, row.sourceEnd() - Math.max(committed, row.replicatedTo()));
        if (row != null && row.replicatedExact() && row.targetEnd() != null && committed >= row.replicatedTo()) {
            // The group read records the target does not have; should they arrive later (the source comes back),
            // they land after the committed offset and are read again.
            long ahead = committed - row.replicatedTo();
            return new GroupPartition(tp.topic(), tp.partition(), committed, remote, row.targetEnd(), ahead, missing,
                    ahead == 0 ? "after every replicated record" : "after every replicated record; the group read "
                            + ahead + " more on " + request.from() + " that " + request.to() + " lacks (read again if they"
                            + " are copied later)");
        }
        if (translated.isEmpty()) {
            return new GroupPartition(tp.topic(), tp.partition(), committed, remote, null, null, missing,
                    untranslatable(forward, flow.forwardOffsetSyncsTopic()));
        }
        if (checkpointBasis != null) {
            return new GroupPartition(tp.topic(), tp.partition(), committed, remote, translated.get(), null, missing, checkpointBasis);
        }
        Optional<OffsetSync> newest = forward.newest(tp);
        long reread = newest.map(s -> Math.max(0, Math.min(committed, row == null || row.replicatedTo() == null
                ? committed : row.replicatedTo()) - s.upstreamOffset() - 1)).orElse(0L);
        return new GroupPartition(tp.topic(), tp.partition(), committed, remote, translated.get(), reread, missing,
                reread > 0 ? "past the newest offset sync" : "offset syncs");
    }

    private static String untranslatable(OffsetSyncStore store, String topic) {
        return store == null ? "no translation: " + topic + " is unreachable"
                : "no translation: the committed offset is older than every offset sync in " + topic;
    }

    /** True for a remote topic of {@code from} whose nearest source is {@code to}: it goes back to {@code to}'s own. */
    private boolean isFromTarget(String topic) {
        String upstream = policy.upstreamTopic(topic);
        return request.to().equals(policy.topicSource(topic)) && upstream != null && !upstream.equals(topic);
    }

    private Map<String, Integer> membersOnTarget(Collection<String> groups) throws Exception {
        Map<String, Integer> members = new HashMap<>();
        if (groups.isEmpty()) {
            return members;
        }
        for (var entry : to.admin().describeConsumerGroups(groups).describedGroups().entrySet()) {
            try {
                ConsumerGroupDescription description = entry.getValue().get(to.timeout().toMillis(), TimeUnit.MILLISECONDS);
                members.put(entry.getKey(), description.members().size());
            } catch (java.util.concurrent.ExecutionException e) {
                members.put(entry.getKey(), 0); // the group does not exist on the target yet
            }
        }
        return members;
    }
}
