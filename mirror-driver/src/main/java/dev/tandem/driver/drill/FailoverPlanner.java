package dev.tandem.driver.drill;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.common.filter.TopicSelector;
import dev.tandem.driver.drill.DrillReport.GroupRow;
import dev.tandem.driver.drill.DrillReport.PartitionRow;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Works out what failing over from {@code from} to {@code to} would do, without changing anything: per replicated
 * partition how far {@code to} is behind (the recovery point), per consumer group where it would continue on
 * {@code to}. With {@code from} reachable everything is read live; without it, from what {@code to} holds: the
 * replicators' positions, the checkpoints, the heartbeats, and offset syncs kept there. Reads the shared
 * bookkeeping once, then leaves the partitions to {@link PartitionPlanner} and the groups to {@link GroupPlanner}.
 */
public final class FailoverPlanner {

    private final DrillRequest request;
    private final MirrorCheckpointConfig flow;
    private final ReplicationPolicy policy;
    private final String positionsTopic;
    private final ClusterSide from;
    private final ClusterSide to;
    private final PrintStream progress;
    private final Set<String> notKnown = new LinkedHashSet<>();
    private final DrillScope scope;

    /** {@code flow} is the checkpoint connector's config of flow from->to; progress lines go to {@code progress}. */
    public FailoverPlanner(
            DrillRequest request,
            MirrorCheckpointConfig flow,
            String positionsTopic,
            ClusterSide from,
            ClusterSide to,
            PrintStream progress) {
        this.request = request;
        this.flow = flow;
        this.policy = flow.replicationPolicy();
        this.positionsTopic = positionsTopic;
        this.from = from;
        this.to = to;
        this.progress = progress;
        TopicSelector selector = new TopicSelector(request.from(), request.to(), policy, flow.topicFilter(), false);
        this.scope = new DrillScope(request, flow, selector, from, to, progress, notKnown);
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

        List<PartitionRow> rows = new PartitionPlanner(scope).rows(positions, forward, now);
        Map<TopicPartition, PartitionRow> rowByPartition = new HashMap<>();
        rows.forEach(row -> rowByPartition.put(new TopicPartition(row.topic(), row.partition()), row));
        GroupPlanner groupPlanner = new GroupPlanner(scope);
        List<GroupRow> groups = from.reachable()
                ? groupPlanner.live(forward, reverse, rowByPartition)
                : groupPlanner.checkpointed(rowByPartition, now);

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
                missingSince =
                        missingSince == null ? row.newestTimestamp() : Math.min(missingSince, row.newestTimestamp());
            }
        }
        boolean parityFailed = request.verify()
                && (!from.reachable()
                        || rows.stream()
                                .anyMatch(r -> r.parity() != null
                                        && !(r.parity().checked() && r.parity().matches())));
        return new DrillReport(
                request.from(),
                request.to(),
                from.unreachableReason().orElse(null),
                heartbeatAge,
                rows,
                rpo,
                rpoSeconds,
                missingSince,
                groups,
                List.copyOf(notKnown),
                false,
                List.of(),
                parityFailed ? 1 : 0);
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
            notKnown.add("heartbeats: " + topic + " on " + request.to() + " is empty or missing (it is "
                    + request.from() + "'s heartbeats topic, copied; it exists when some flow into " + request.from()
                    + " emits heartbeats)");
            return null;
        }
        return Math.max(0, now - newest.getAsLong()) / 1000.0;
    }
}
