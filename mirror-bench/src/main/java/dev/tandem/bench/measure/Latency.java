package dev.tandem.bench.measure;

/**
 * Produce-to-visible latency on the target at a fixed rate: percentiles over the records after the warm-up, in
 * milliseconds with microsecond precision.
 */
public record Latency(double p50Millis, double p99Millis, long measured, long sent, long received) {}
