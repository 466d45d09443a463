package dev.tandem.driver.drill;

import java.util.List;

/**
 * Everything a drill found and did, in the shape {@code --json} prints. Numbers a drill could not get are null,
 * and {@link #notKnown} says why.
 *
 * @param fromUnreachable why {@code from} did not answer (an unplanned failover), or null
 * @param rpoRecords      records on {@code from} that {@code to} does not have: lost if {@code from} never returns
 * @param rpoSeconds      age of the oldest of them (null when {@code from} is unreachable)
 * @param exitCode        0 everything asked for succeeded, 1 something was refused, failed or did not match
 */
public record DrillReport(
        String from,
        String to,
        String fromUnreachable,
        Double heartbeatAgeSeconds,
        List<PartitionRow> partitions,
        long rpoRecords,
        Double rpoSeconds,
        Long missingSinceTimestamp,
        List<GroupRow> groups,
        List<String> notKnown,
        boolean executed,
        List<String> nextSteps,
        int exitCode) {

    /**
     * One partition of {@code from} copied to {@code to}.
     *
     * @param sourceEnd        the end offset on {@code from}: live, or the last one the replicator saw
     * @param sourceEndAgeSeconds 0 when read from the source itself, else how long ago the source last answered the
     *                            replicator's fetch that told the end
     * @param replicatedTo     the next offset of {@code from} not on {@code to}
     * @param replicatedExact  false when {@code replicatedTo} is extrapolated from an older position
     * @param newestTimestamp  timestamp of the newest record on {@code to}
     * @param lostRecords      records gone from {@code from} before the replicator copied them (retention, a log
     *                         truncated, a topic made again): on neither cluster; null when no position says
     */
    public record PartitionRow(
            String topic,
            int partition,
            String remoteTopic,
            Long sourceEnd,
            Double sourceEndAgeSeconds,
            Long replicatedTo,
            boolean replicatedExact,
            Long targetEnd,
            Long lagRecords,
            Double lagSeconds,
            Long newestTimestamp,
            Parity parity,
            Long lostRecords) {}

    /** Records and a checksum of key, value and headers over the replicated range, on both clusters. */
    public record Parity(
            boolean checked,
            long sourceRecords,
            long targetRecords,
            String sourceChecksum,
            String targetChecksum,
            long fromOffset,
            long toOffset,
            boolean matches,
            String note) {}

    /**
     * One consumer group: where it is on {@code from}, where it continues on {@code to}, and what was done.
     *
     * @param members consumers connected to the group on {@code to}; a drill never moves an active group unforced
     * @param result  what became of it, for scripts
     * @param outcome the same in a sentence, for people: "planned", "committed 3 offset(s)", "refused: ...", ...
     */
    public record GroupRow(
            String group, int members, List<GroupPartition> partitions, GroupResult result, String outcome) {

        static GroupRow planned(String group, int members, List<GroupPartition> partitions) {
            return new GroupRow(group, members, partitions, GroupResult.PLANNED, "planned");
        }
    }

    /**
     * @param committed  the group's committed offset on {@code from} (from a checkpoint when {@code from} is down)
     * @param target     where it continues on {@code to}; null when it cannot be translated
     * @param rereadAtMost records before the committed position it could read again (0 when exact, null unknown)
     * @param missing    records after the committed position that {@code to} does not have
     * @param basis      how {@code target} was found
     */
    public record GroupPartition(
            String sourceTopic,
            int partition,
            long committed,
            String targetTopic,
            Long target,
            Long rereadAtMost,
            Long missing,
            String basis) {}
}
