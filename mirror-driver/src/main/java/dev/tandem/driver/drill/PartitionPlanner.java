package dev.tandem.driver.drill;

import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.common.filter.TopicSelector;
import dev.tandem.driver.drill.DrillReport.Parity;
import dev.tandem.driver.drill.DrillReport.PartitionRow;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * The replication half of a drill: per partition of {@code from} the flow copies, its end, how far {@code to} has it,
 * the lag in records and seconds, the newest copied timestamp, and parity with {@code --verify}.
 */
final class PartitionPlanner {

    private final DrillRequest request;
    private final ReplicationPolicy policy;
    private final TopicSelector selector;
    private final ClusterSide from;
    private final ClusterSide to;
    private final Set<String> notKnown;
    private final PrintStream progress;

    PartitionPlanner(DrillScope scope) {
        this.request = scope.request();
        this.policy = scope.flow().replicationPolicy();
        this.selector = scope.selector();
        this.from = scope.from();
        this.to = scope.to();
        this.notKnown = scope.notKnown();
        this.progress = scope.progress();
    }

    List<PartitionRow> rows(Map<TopicPartition, ReplicationPosition> positions, OffsetSyncStore forward, long now)
            throws Exception {
        Set<TopicPartition> sources = sourcePartitions(positions);
        Map<TopicPartition, TopicPartition> remotes = new TreeMap<>(DrillText.PARTITION_ORDER);
        sources.forEach(tp -> remotes.put(tp, new TopicPartition(selector.remoteTopic(tp.topic()), tp.partition())));
        Set<String> onTarget = to.admin().listTopics().names().get(to.timeout().toMillis(), TimeUnit.MILLISECONDS);
        List<TopicPartition> existing = remotes.values().stream()
                .filter(r -> onTarget.contains(r.topic()))
                .toList();
        Map<TopicPartition, Long> targetEnds = to.ends(existing);
        Map<TopicPartition, Long> targetStarts = to.beginnings(existing);
        Map<TopicPartition, Long> sourceEnds = from.reachable() ? from.ends(sources) : Map.of();
        Map<TopicPartition, Long> sourceStarts =
                from.reachable() && request.verify() ? from.beginnings(sources) : Map.of();
        if (!from.reachable()) {
            notKnown.add("lag in seconds: the age of the oldest record " + request.to() + " lacks is on "
                    + request.from() + "; the report" + " says up to which record timestamp " + request.to() + " has "
                    + request.from() + "'s records");
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
                rows.add(partitionRow(
                        tp,
                        remote,
                        positions.get(tp),
                        forward,
                        now,
                        sourceEnds.get(tp),
                        sourceStarts.get(tp),
                        targetEnds.get(remote),
                        targetStarts.get(remote),
                        onFrom,
                        onTo));
                if (++done % 100 == 0) {
                    progress.printf("  %d of %d partitions checked%n", done, remotes.size());
                }
            }
        }
        return rows;
    }

    /** The partitions of {@code from} this flow copies: listed live, or from what {@code to} knows of them. */
    private Set<TopicPartition> sourcePartitions(Map<TopicPartition, ReplicationPosition> positions) throws Exception {
        Predicate<String> wanted = topic ->
                selector.shouldReplicate(topic) && !policy.isHeartbeatsTopic(topic) && request.wantsTopic(topic);
        Set<TopicPartition> partitions = new TreeSet<>(DrillText.PARTITION_ORDER);
        if (from.reachable()) {
            Set<String> topics = new TreeSet<>(
                    from.admin().listTopics().names().get(from.timeout().toMillis(), TimeUnit.MILLISECONDS));
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
        Map<String, TopicDescription> descriptions = cluster.admin()
                .describeTopics(topics)
                .allTopicNames()
                .get(cluster.timeout().toMillis(), TimeUnit.MILLISECONDS);
        descriptions
                .values()
                .forEach(d -> d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition()))));
        return partitions;
    }

    private PartitionRow partitionRow(
            TopicPartition tp,
            TopicPartition remote,
            ReplicationPosition position,
            OffsetSyncStore forward,
            long now,
            Long liveEnd,
            Long sourceStart,
            Long targetEnd,
            Long targetStart,
            RecordScanner onFrom,
            RecordScanner onTo) {
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
            lagSeconds = lag == 0
                    ? 0.0
                    : onFrom.timestampAt(tp, replicatedTo, sourceEnd).stream()
                            .mapToDouble(ts -> Math.max(0, now - ts) / 1000.0)
                            .boxed()
                            .findFirst()
                            .orElse(null);
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
        return new PartitionRow(
                tp.topic(),
                tp.partition(),
                remote.topic(),
                sourceEnd,
                endAge,
                replicatedTo,
                replicated != null && replicated.exact(),
                targetEnd,
                lag,
                lagSeconds,
                newestTimestamp,
                parity,
                position == null ? null : position.lostRecords());
    }
}
