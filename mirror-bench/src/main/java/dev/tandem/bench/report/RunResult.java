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
        return throughput.steadyCpuSeconds() / steadyGigabytes();
    }

    /** The benchmark JVM's CPU (both clusters) per GB copied, from 10 % to 90 %. */
    public double benchJvmCpuSecondsPerGigabyte() {
        return throughput.steadyBenchJvmCpuSeconds() / steadyGigabytes();
    }

    private double steadyGigabytes() {
        return throughput.steadyRecords() * (double) benchCase.recordBytes() / 1e9;
    }

    /** The replicator's CPU per record copied, from 10 % to 90 %. */
    public double cpuMicrosPerRecord() {
        return throughput.steadyCpuSeconds() * 1e6 / throughput.steadyRecords();
    }

    /** The benchmark JVM's CPU (both clusters, and the probes' few reads) per record copied, from 10 % to 90 %. */
    public double benchJvmCpuMicrosPerRecord() {
        return throughput.steadyBenchJvmCpuSeconds() * 1e6 / throughput.steadyRecords();
    }

    /** How many of the machine's cores were busy on average from 10 % to 90 %, whoever used them. */
    public double busyCores() {
        return throughput.steadyMachineBusyFraction() * Runtime.getRuntime().availableProcessors();
    }
}
