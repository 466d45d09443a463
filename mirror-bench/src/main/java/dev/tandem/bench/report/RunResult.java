package dev.tandem.bench.report;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.Failover;
import dev.tandem.bench.measure.Latency;
import dev.tandem.bench.measure.Throughput;
import dev.tandem.bench.replicator.ReplicatorKind;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Everything measured in one run of one replicator on one case. {@code newTopicSeconds} is empty when the topic
 * was not seen within the timeout; {@code failover} is empty when no checkpoint covered the group in time. Neither
 * is measured for the pipe ({@code mirrorFeaturesMeasured} false).
 */
public record RunResult(BenchCase benchCase, ReplicatorKind kind, int round, Throughput throughput,
                        OptionalLong peakHeapMegabytes, Latency latency, boolean mirrorFeaturesMeasured,
                        OptionalDouble newTopicSeconds, Optional<Failover> failover) {

    public double recordsPerSecond() {
        return throughput.recordsPerSecond();
    }

    public double megabytesPerSecond() {
        return throughput.recordsPerSecond() * benchCase.recordBytes() / 1e6;
    }

    public double cpuSecondsPerGigabyte() {
        double gigabytes = throughput.steadyRecords() * (double) benchCase.recordBytes() / 1e9;
        return throughput.steadyCpuSeconds() / gigabytes;
    }
}
