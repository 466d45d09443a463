package dev.tandem.bench.measure;

/**
 * A group failed over from A to B with the checkpoints on B: records it would read again (translated offset past
 * the exact one) and records it would skip (before it), summed over partitions.
 */
public record Failover(long reread, long skipped, double waitedSeconds) {}
