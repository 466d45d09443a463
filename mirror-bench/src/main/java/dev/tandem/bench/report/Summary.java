package dev.tandem.bench.report;

import dev.tandem.bench.replicator.ReplicatorKind;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The medians of one replicator's runs on one case (with two rounds, their mean). Copy figures come from valid runs
 * only (an invalid run's are NaN). NaN means not measured; a new-topic time of +infinity means the topic was not
 * replicated within the timeout.
 */
record Summary(
        ReplicatorKind kind,
        int runs,
        int validRuns,
        double recordsPerSecond,
        double megabytesPerSecond,
        double steadiness,
        double firstRecordSeconds,
        double cpuMicrosPerRecord,
        double peakHeapMegabytes,
        double p50Millis,
        double p99Millis,
        double newTopicSeconds,
        double reread,
        double skipped,
        double busyCores,
        double benchJvmCpuMicrosPerRecord) {

    static Summary of(ReplicatorKind kind, List<RunResult> runs) {
        return new Summary(
                kind,
                runs.size(),
                (int) runs.stream().filter(RunResult::valid).count(),
                median(runs, RunResult::recordsPerSecond),
                median(runs, RunResult::megabytesPerSecond),
                median(runs, r -> r.steady().steadiness()),
                median(runs, r -> r.throughput().firstRecordSeconds()),
                median(runs, RunResult::cpuMicrosPerRecord),
                median(
                        runs,
                        r -> r.peakHeapMegabytes().isPresent()
                                ? r.peakHeapMegabytes().getAsLong()
                                : Double.NaN),
                median(runs, r -> r.latency().p50Millis()),
                median(runs, r -> r.latency().p99Millis()),
                median(
                        runs,
                        r -> !r.mirrorFeaturesMeasured()
                                ? Double.NaN
                                : r.newTopicSeconds().orElse(Double.POSITIVE_INFINITY)),
                median(runs, r -> r.failover().map(f -> (double) f.reread()).orElse(Double.NaN)),
                median(runs, r -> r.failover().map(f -> (double) f.skipped()).orElse(Double.NaN)),
                median(runs, RunResult::busyCores),
                median(runs, RunResult::benchJvmCpuMicrosPerRecord));
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> metric) {
        double[] values = items.stream()
                .mapToDouble(metric)
                .filter(v -> !Double.isNaN(v))
                .sorted()
                .toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
