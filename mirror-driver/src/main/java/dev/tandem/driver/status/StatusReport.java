package dev.tandem.driver.status;

import java.util.List;
import java.util.Map;

/**
 * What {@code /status} answers and {@code connect-mirror-maker status --json} prints, field by field in
 * {@code docs/reference/status-json.md} (checked against these types by mirror-checks).
 *
 * @param flows    every flow into the targets this process runs workers for
 * @param clusters every cluster those flows read or write, and whether it answers the driver
 */
public record StatusReport(List<FlowStatus> flows, List<ClusterStatus> clusters) {

    /**
     * One cluster.
     *
     * @param cluster            its alias
     * @param reachable          whether it answered the driver's last probe (every 10 s)
     * @param unreachableSince   when it stopped answering (ISO-8601); null while it answers
     * @param unreachableSeconds for how long it has not answered; null while it answers
     */
    public record ClusterStatus(
            String cluster, boolean reachable, String unreachableSince, Double unreachableSeconds) {}

    /**
     * One flow, {@code A->B}.
     *
     * @param replicating              whether records are copied ({@code A->B.enabled}); heartbeats-only otherwise
     * @param connectors               by kind ({@code source}, {@code checkpoint}, {@code heartbeat}), as this worker sees them
     * @param lagRecords               records on the source not yet acknowledged by the target, summed over partitions
     * @param lagSeconds               at most how old the oldest record not yet replicated is; 0 when caught up
     * @param lastCheckpointAgeSeconds since the newest checkpoint was acknowledged; null before the first
     * @param heartbeatAgeSeconds      since the newest heartbeat was acknowledged; null before the first
     * @param lostRecords              records gone from the source before they were copied (removed by retention or
     *                                 delete-records, or truncated), as this process found them since it started
     */
    public record FlowStatus(
            String flow,
            boolean replicating,
            Map<String, ConnectorStatus> connectors,
            long lagRecords,
            double lagSeconds,
            Double lastCheckpointAgeSeconds,
            Double heartbeatAgeSeconds,
            long lostRecords) {}

    /**
     * @param state Connect's state of the connector: RUNNING, PAUSED, STOPPED, FAILED, UNASSIGNED
     * @param tasks how many of its tasks are in each state, e.g. {@code {"RUNNING": 2}}
     */
    public record ConnectorStatus(String state, Map<String, Integer> tasks) {}
}
