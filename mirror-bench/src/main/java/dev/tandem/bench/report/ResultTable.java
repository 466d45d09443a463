package dev.tandem.bench.report;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.SteadyState;
import dev.tandem.bench.replicator.ReplicatorKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The markdown the benchmark prints: invalid runs first (so nobody reads past them), then per case a table of
 * medians with ratios, where the cores went and the targets, then every run.
 */
public final class ResultTable {

    private final double newTopicTimeoutSeconds;
    private final int latencyRate;

    public ResultTable(double newTopicTimeoutSeconds, int latencyRate) {
        this.newTopicTimeoutSeconds = newTopicTimeoutSeconds;
        this.latencyRate = latencyRate;
    }

    public String render(List<BenchCase> cases, List<RunResult> results) {
        StringBuilder out = new StringBuilder();
        invalidRuns(out, results);
        for (BenchCase benchCase : cases) {
            Map<ReplicatorKind, Summary> summaries = new EnumMap<>(ReplicatorKind.class);
            results.stream()
                    .filter(r -> r.benchCase().equals(benchCase))
                    .collect(Collectors.groupingBy(RunResult::kind))
                    .forEach((kind, runs) -> summaries.put(kind, Summary.of(kind, runs)));
            if (summaries.isEmpty()) {
                continue;
            }
            out.append("### ").append(benchCase.title()).append("\n\n");
            medians(out, summaries);
            out.append('\n');
            cores(out, summaries);
            out.append('\n');
            new Targets(summaries, newTopicTimeoutSeconds, latencyRate).render(out);
            out.append('\n');
        }
        out.append("### Every run\n\n");
        runs(out, results);
        return out.toString();
    }

    private static void invalidRuns(StringBuilder out, List<RunResult> results) {
        List<RunResult> invalid = results.stream().filter(r -> !r.valid()).toList();
        if (invalid.isEmpty()) {
            return;
        }
        out.append("**INVALID RUNS: ")
                .append(invalid.size())
                .append(" of ")
                .append(results.size())
                .append(
                        " runs ran out of backlog before their window closed. They have no copy figures and are left out"
                                + " of every median, ratio and target below. Raise `bench.scale`: the backlog follows the window's length,"
                                + " so a shorter window does not help.**\n\n");
        for (RunResult r : invalid) {
            out.append("- ")
                    .append(r.benchCase().name())
                    .append(" B, ")
                    .append(r.kind().id())
                    .append(", round ")
                    .append(r.round())
                    .append(": ")
                    .append(r.throughput().invalidity().orElseThrow())
                    .append('\n');
        }
        out.append('\n');
    }

    private void medians(StringBuilder out, Map<ReplicatorKind, Summary> summaries) {
        Summary pipe = summaries.get(ReplicatorKind.PIPE);
        Summary tuned = summaries.get(ReplicatorKind.MM2_TUNED);
        Summary mm2 = summaries.get(ReplicatorKind.MM2_DEFAULTS);
        out.append("| replicator | valid runs | records/s | MB/s | x pipe | x MM2 tuned | x MM2 defaults "
                + "| replicator CPU per record (µs) | CPU x MM2 tuned | CPU x MM2 defaults | 2nd / 1st half "
                + "| first record (s) | peak heap (MB) | latency p50 / p99 (ms) | new topic (s) "
                + "| failover re-read / skipped |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Summary s : summaries.values()) {
            out.append("| ")
                    .append(s.kind().label())
                    .append(" | ")
                    .append(s.validRuns())
                    .append(" of ")
                    .append(s.runs())
                    .append(" | ")
                    .append(number(s.recordsPerSecond(), "%,.0f"))
                    .append(" | ")
                    .append(number(s.megabytesPerSecond(), "%.1f"))
                    .append(" | ")
                    .append(ratio(s, pipe, Summary::recordsPerSecond))
                    .append(" | ")
                    .append(ratio(s, tuned, Summary::recordsPerSecond))
                    .append(" | ")
                    .append(ratio(s, mm2, Summary::recordsPerSecond))
                    .append(" | ")
                    .append(number(s.cpuMicrosPerRecord(), "%.2f"))
                    .append(" | ")
                    .append(ratio(s, tuned, Summary::cpuMicrosPerRecord))
                    .append(" | ")
                    .append(ratio(s, mm2, Summary::cpuMicrosPerRecord))
                    .append(" | ")
                    .append(number(s.steadiness(), "%.2f"))
                    .append(" | ")
                    .append(number(s.firstRecordSeconds(), "%.1f"))
                    .append(" | ")
                    .append(number(s.peakHeapMegabytes(), "%,.0f"))
                    .append(" | ")
                    .append(number(s.p50Millis(), "%.1f"))
                    .append(" / ")
                    .append(number(s.p99Millis(), "%.1f"))
                    .append(" | ")
                    .append(newTopic(s.newTopicSeconds()))
                    .append(" | ")
                    .append(failover(s))
                    .append(" |\n");
        }
    }

    /**
     * Whether the copies were bound by the cores, and who used them: at a rate r with c cores busy, each record cost
     * c / r seconds of CPU in all, split between the replicator, the clusters and the rest of the machine.
     */
    private static void cores(StringBuilder out, Map<ReplicatorKind, Summary> summaries) {
        out.append("Where the cores went in the window (CPU per record copied, in microseconds; medians):\n\n");
        out.append("| replicator | records/s | cores busy (of ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(") | all CPU per record | replicator | benchmark JVM (both clusters) | the rest |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (Summary s : summaries.values()) {
            double all = s.busyCores() / s.recordsPerSecond() * 1e6;
            out.append("| ")
                    .append(s.kind().label())
                    .append(" | ")
                    .append(number(s.recordsPerSecond(), "%,.0f"))
                    .append(" | ")
                    .append(number(s.busyCores(), "%.2f"))
                    .append(" | ")
                    .append(number(all, "%.2f"))
                    .append(" | ")
                    .append(number(s.cpuMicrosPerRecord(), "%.2f"))
                    .append(" | ")
                    .append(number(s.benchJvmCpuMicrosPerRecord(), "%.2f"))
                    .append(" | ")
                    .append(number(all - s.cpuMicrosPerRecord() - s.benchJvmCpuMicrosPerRecord(), "%.2f"))
                    .append(" |\n");
        }
    }

    private void runs(StringBuilder out, List<RunResult> results) {
        out.append(
                "| case | replicator | round | window (s into the copy) | JIT at window start | records/s "
                        + "| 2nd / 1st half | replicator CPU per record (µs) | of it compiling | CPU s per GB | cores busy "
                        + "| benchmark JVM CPU per record (µs) | first record (s) | stopped after (s) | records copied "
                        + "| peak heap (MB) | p50 / p99 (ms) | latency records | new topic (s) | failover re-read / skipped |\n");
        out.append("|---|---|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            SteadyState steady = r.steady();
            List<String> cells = new ArrayList<>();
            cells.add(r.benchCase().name() + " B");
            cells.add(r.kind().id());
            cells.add(Integer.toString(r.round()));
            cells.add(
                    r.valid()
                            ? String.format(Locale.ROOT, "%.1f-%.1f", steady.startSeconds(), steady.endSeconds())
                            : "**INVALID**: " + r.throughput().invalidity().orElseThrow());
            cells.add(
                    r.valid()
                            ? steady.jitAtStart()
                                    .name()
                                    .toLowerCase(Locale.ROOT)
                                    .replace('_', ' ')
                            : "n/a");
            cells.add(number(r.recordsPerSecond(), "%,.0f"));
            cells.add(number(steady.steadiness(), "%.2f"));
            cells.add(number(r.cpuMicrosPerRecord(), "%.2f"));
            cells.add(number(steady.jitShareOfCpu() * 100, "%.1f %%"));
            cells.add(number(r.cpuSecondsPerGigabyte(), "%.1f"));
            cells.add(number(r.busyCores(), "%.2f"));
            cells.add(number(r.benchJvmCpuMicrosPerRecord(), "%.2f"));
            cells.add(number(r.throughput().firstRecordSeconds(), "%.1f"));
            cells.add(number(r.throughput().stoppedSeconds(), "%.1f"));
            cells.add(String.format(Locale.ROOT, "%,d", r.throughput().copiedRecords()));
            cells.add(
                    r.peakHeapMegabytes().isPresent()
                            ? Long.toString(r.peakHeapMegabytes().getAsLong())
                            : "n/a");
            cells.add(String.format(
                    Locale.ROOT,
                    "%.2f / %.2f",
                    r.latency().p50Millis(),
                    r.latency().p99Millis()));
            cells.add(String.format(
                    Locale.ROOT,
                    "%,d of %,d",
                    r.latency().received(),
                    r.latency().sent()));
            cells.add(
                    !r.mirrorFeaturesMeasured()
                            ? "n/a"
                            : newTopic(r.newTopicSeconds().orElse(Double.POSITIVE_INFINITY)));
            cells.add(
                    !r.mirrorFeaturesMeasured()
                            ? "n/a"
                            : r.failover()
                                    .map(f -> f.reread() + " / " + f.skipped())
                                    .orElse("no checkpoint"));
            out.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
    }

    private String newTopic(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        if (Double.isInfinite(seconds)) {
            return String.format(Locale.ROOT, "not within %.0f", newTopicTimeoutSeconds);
        }
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    private static String failover(Summary s) {
        if (s.kind() == ReplicatorKind.PIPE) {
            return "n/a";
        }
        if (Double.isNaN(s.reread())) {
            return "no checkpoint";
        }
        return String.format(Locale.ROOT, "%,.0f / %,.0f", s.reread(), s.skipped());
    }

    static String number(double value, String format) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /** {@code metric} of {@code s} over the same metric of {@code base}; "n/a" where {@code base} did not run. */
    private static String ratio(Summary s, Summary base, ToDoubleFunction<Summary> metric) {
        return ratio(metric.applyAsDouble(s), base == null ? Double.NaN : metric.applyAsDouble(base));
    }

    static String ratio(double value, double base) {
        return Double.isNaN(value) || Double.isNaN(base) || base == 0
                ? "n/a"
                : String.format(Locale.ROOT, "%.2f", value / base);
    }
}
