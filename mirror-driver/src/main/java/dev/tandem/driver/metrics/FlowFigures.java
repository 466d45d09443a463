package dev.tandem.driver.metrics;

/**
 * A flow's figures for {@code /status}, from its meters.
 *
 * @param lagRecords               summed over the flow's partitions
 * @param lagSeconds               the largest of its partitions
 * @param lastCheckpointAgeSeconds null before the first checkpoint was acknowledged
 * @param heartbeatAgeSeconds      null before the first heartbeat was acknowledged
 * @param lostRecords              records gone from the source before they were copied, since this process started
 */
public record FlowFigures(
        long lagRecords,
        double lagSeconds,
        Double lastCheckpointAgeSeconds,
        Double heartbeatAgeSeconds,
        long lostRecords) {}
