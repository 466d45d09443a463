package dev.tandem.driver.drill;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.client.records.Checkpoint;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.common.filter.TopicSelector;
import dev.tandem.driver.drill.DrillReport.GroupPartition;
import dev.tandem.driver.drill.DrillReport.GroupRow;
import dev.tandem.driver.drill.DrillReport.PartitionRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer-group half of a drill: where each group of {@code from} continues on {@code to}, live through the
 * offset syncs when {@code from} answers, else from the newest checkpoints on {@code to}.
 */
final class GroupPlanner {

    private final DrillRequest request;
    private final ReplicationPolicy policy;
    private final TopicSelector selector;
    private final ClusterSide from;
    private final ClusterSide to;
    private final Set<String> notKnown;
    private final MirrorCheckpointConfig flow;

    GroupPlanner(DrillScope scope) {
        this.request = scope.request();
        this.policy = scope.flow().replicationPolicy();
        this.selector = scope.selector();
        this.from = scope.from();
        this.to = scope.to();
        this.notKnown = scope.notKnown();
        this.flow = scope.flow();
    }

    private boolean wantsGroup(String group) {
        return flow.groupFilter().shouldReplicateGroup(group) && request.wantsGroup(group);
    }

    List<GroupRow> live(OffsetSyncStore forward, OffsetSyncStore reverse, Map<TopicPartition, PartitionRow> rows)
            throws Exception {
        long ms = from.timeout().toMillis();
        Set<String> groups = new TreeSet<>();
        from.admin()
                .listGroups(ListGroupsOptions.forConsumerGroups())
                .all()
                .get(ms, TimeUnit.MILLISECONDS)
                .forEach(listing -> groups.add(listing.groupId()));
        groups.removeIf(group -> !wantsGroup(group));
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = specs.isEmpty()
                ? Map.of()
                : from.admin().listConsumerGroupOffsets(specs).all().get(ms, TimeUnit.MILLISECONDS);
        CheckpointTranslator translator = new CheckpointTranslator(
                request.to(), policy, selector, SyncSources.of(forward), SyncSources.of(reverse));
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
                if (!request.wantsTopic(tp.topic())
                        && !request.wantsTopic(String.valueOf(policy.upstreamTopic(tp.topic())))) {
                    continue;
                }
                if (isFromTarget(tp.topic())) {
                    TopicPartition onTo = new TopicPartition(policy.upstreamTopic(tp.topic()), tp.partition());
                    Optional<Checkpoint> translated = translator.translate(group, tp, entry.getValue());
                    Optional<OffsetSync> newest = reverse == null ? Optional.empty() : reverse.newest(onTo);
                    Long reread = translated.isEmpty()
                            ? null
                            : newest.map(s -> Math.max(0, c - s.downstreamOffset() - 1))
                                    .orElse(null);
                    partitions.add(new GroupPartition(
                            tp.topic(),
                            tp.partition(),
                            c,
                            onTo.topic(),
                            translated.map(Checkpoint::downstreamOffset).orElse(null),
                            reread,
                            0L,
                            translated.isEmpty()
                                    ? untranslatable(reverse, flow.reverseOffsetSyncsTopic())
                                    : reread != null && reread > 0 ? "past the newest offset sync" : "offset syncs"));
                } else if (selector.shouldReplicate(tp.topic()) && !policy.isHeartbeatsTopic(tp.topic())) {
                    partitions.add(forwardPartition(
                            tp,
                            c,
                            translator.translate(group, tp, entry.getValue()).map(Checkpoint::downstreamOffset),
                            forward,
                            rows.get(tp),
                            null));
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
            result.add(GroupRow.planned(group, members.getOrDefault(group, 0), partitions));
        }
        return result;
    }

    /** Groups as {@code to} knows them when {@code from} is gone: the newest checkpoint of each partition. */
    List<GroupRow> checkpointed(Map<TopicPartition, PartitionRow> rows, long now) throws Exception {
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
            Map<TopicPartition, FlowBookkeeping.Written<Checkpoint>> byPartition =
                    new TreeMap<>(DrillText.PARTITION_ORDER);
            byPartition.putAll(checkpoints.get(group));
            for (FlowBookkeeping.Written<Checkpoint> written : byPartition.values()) {
                Checkpoint checkpoint = written.value();
                TopicPartition onTo = checkpoint.topicPartition();
                String basis =
                        String.format("checkpoint written %.1f s ago", Math.max(0, now - written.timestamp()) / 1000.0);
                if (request.from().equals(policy.topicSource(onTo.topic()))) {
                    TopicPartition tp = new TopicPartition(policy.upstreamTopic(onTo.topic()), onTo.partition());
                    if (request.wantsTopic(tp.topic())) {
                        partitions.add(forwardPartition(
                                tp,
                                checkpoint.upstreamOffset(),
                                Optional.of(checkpoint.downstreamOffset()),
                                null,
                                rows.get(tp),
                                basis));
                    }
                } else if (request.wantsTopic(onTo.topic())) {
                    partitions.add(new GroupPartition(
                            policy.formatRemoteTopic(request.to(), onTo.topic()),
                            onTo.partition(),
                            checkpoint.upstreamOffset(),
                            onTo.topic(),
                            checkpoint.downstreamOffset(),
                            null,
                            0L,
                            basis));
                }
            }
            result.add(GroupRow.planned(group, members.getOrDefault(group, 0), partitions));
        }
        return result;
    }

    /**
     * A partition this flow copies. A group that committed at or after everything replicated continues at the end of
     * the remote partition; else the translation stands, exact inside the offset syncs' range.
     */
    private GroupPartition forwardPartition(
            TopicPartition tp,
            long committed,
            Optional<Long> translated,
            OffsetSyncStore forward,
            PartitionRow row,
            String checkpointBasis) {
        String remote = selector.remoteTopic(tp.topic());
        Long missing = row == null || row.sourceEnd() == null || row.replicatedTo() == null
                ? null
                : Math.max(0, row.sourceEnd() - Math.max(committed, row.replicatedTo()));
        if (row != null && row.replicatedExact() && row.targetEnd() != null && committed >= row.replicatedTo()) {
            // The group read records the target does not have; should they arrive later (the source comes back),
            // they land after the committed offset and are read again.
            long ahead = committed - row.replicatedTo();
            return new GroupPartition(
                    tp.topic(),
                    tp.partition(),
                    committed,
                    remote,
                    row.targetEnd(),
                    ahead,
                    missing,
                    ahead == 0
                            ? "after every replicated record"
                            : "after every replicated record; the group read "
                                    + ahead + " more on " + request.from() + " that " + request.to()
                                    + " lacks (read again if they"
                                    + " are copied later)");
        }
        if (translated.isEmpty()) {
            return new GroupPartition(
                    tp.topic(),
                    tp.partition(),
                    committed,
                    remote,
                    null,
                    null,
                    missing,
                    untranslatable(forward, flow.forwardOffsetSyncsTopic()));
        }
        if (checkpointBasis != null) {
            return new GroupPartition(
                    tp.topic(), tp.partition(), committed, remote, translated.get(), null, missing, checkpointBasis);
        }
        Optional<OffsetSync> newest = forward.newest(tp);
        long reread = newest.map(s -> Math.max(
                        0,
                        Math.min(committed, row == null || row.replicatedTo() == null ? committed : row.replicatedTo())
                                - s.upstreamOffset()
                                - 1))
                .orElse(0L);
        return new GroupPartition(
                tp.topic(),
                tp.partition(),
                committed,
                remote,
                translated.get(),
                reread,
                missing,
                reread > 0 ? "past the newest offset sync" : "offset syncs");
    }

    private static String untranslatable(OffsetSyncStore store, String topic) {
        return store == null
                ? "no translation: " + topic + " is unreachable"
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
        for (var entry :
                to.admin().describeConsumerGroups(groups).describedGroups().entrySet()) {
            try {
                ConsumerGroupDescription description =
                        entry.getValue().get(to.timeout().toMillis(), TimeUnit.MILLISECONDS);
                members.put(entry.getKey(), description.members().size());
            } catch (ExecutionException e) {
                members.put(entry.getKey(), 0); // the group does not exist on the target yet
            }
        }
        return members;
    }
}
