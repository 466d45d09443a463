package dev.tandem.bench.measure;

/** Produce-to-visible latency on the target at a fixed rate: percentiles over the records after the warm-up. */
public record Latency(long p50Millis, long p99Millis, long measured, long sent, long received) {}
