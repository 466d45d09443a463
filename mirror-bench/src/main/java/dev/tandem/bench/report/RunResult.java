package dev.tandem.bench.report;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.Failover;
import dev.tandem.bench.measure.Latency;
import dev.tandem.bench.measure.SteadyState;
import dev.tandem.bench.measure.Throughput;
import dev.tandem.bench.replicator.ReplicatorKind;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Everything measured in one run of one replicator on one case. The copy figures come from the copy window and are
 * NaN for an invalid run (its backlog ran out), so they drop out of every median. {@code newTopicSeconds} is empty
 * when the topic was not seen within the timeout; {@code failover} is empty when no checkpoint covered the group in
 * time. Neither is measured for the pipe ({@code mirrorFeaturesMeasured} false).
 */
public record RunResult(
        BenchCase benchCase,
        ReplicatorKind kind,
        int round,
        Throughput throughput,
        OptionalLong peakHeapMegabytes,
        Latency latency,
        boolean mirrorFeaturesMeasured,
        OptionalDouble newTopicSeconds,
        Optional<Failover> failover) {

    public boolean valid() {
        return throughput.valid();
    }

    public SteadyState steady() {
        return throughput.steady();
    }

    public double recordsPerSecond() {
        return steady().recordsPerSecond();
    }

    public double megabytesPerSecond() {
        return recordsPerSecond() * benchCase.recordBytes() / 1e6;
    }

    /** The replicator's CPU per record copied in the window, in microseconds. */
    public double cpuMicrosPerRecord() {
        return steady().cpuMicrosPerRecord();
    }

    /** The replicator's CPU per GB of record bytes copied in the window. */
    public double cpuSecondsPerGigabyte() {
        return steady().cpuSeconds() / (steady().records() * (double) benchCase.recordBytes() / 1e9);
    }

    /** The benchmark JVM's CPU (both clusters, and the probes' few reads) per record copied in the window. */
    public double benchJvmCpuMicrosPerRecord() {
        return steady().benchJvmCpuMicrosPerRecord();
    }

    /** How many of the machine's cores were busy on average in the window, whoever used them. */
    public double busyCores() {
        return steady().machineBusyFraction() * Runtime.getRuntime().availableProcessors();
    }
}
