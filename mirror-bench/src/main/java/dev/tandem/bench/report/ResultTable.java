package dev.tandem.bench.report;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.replicator.ReplicatorKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** The markdown the benchmark prints: per case, a table of medians with ratios, the targets, and every run. */
public final class ResultTable {

    private final double newTopicTimeoutSeconds;

    public ResultTable(double newTopicTimeoutSeconds) {
        this.newTopicTimeoutSeconds = newTopicTimeoutSeconds;
    }

    public String render(List<BenchCase> cases, List<RunResult> results) {
        StringBuilder out = new StringBuilder();
        for (BenchCase benchCase : cases) {
            Map<ReplicatorKind, Summary> summaries = new EnumMap<>(ReplicatorKind.class);
            results.stream().filter(r -> r.benchCase().equals(benchCase))
                    .collect(Collectors.groupingBy(RunResult::kind))
                    .forEach((kind, runs) -> summaries.put(kind, Summary.of(kind, runs)));
            if (summaries.isEmpty()) {
                continue;
            }
            out.append("### ").append(benchCase.describe()).append("\n\n");
            medians(out, summaries);
            out.append('\n');
            cores(out, summaries);
            out.append('\n');
            new Targets(summaries, newTopicTimeoutSeconds).render(out);
            out.append('\n');
        }
        out.append("### Every run\n\n");
        runs(out, results);
        return out.toString();
    }

    private void medians(StringBuilder out, Map<ReplicatorKind, Summary> summaries) {
        Summary mm2 = summaries.get(ReplicatorKind.MM2_DEFAULTS);
        Summary tuned = summaries.get(ReplicatorKind.MM2_TUNED);
        Summary pipe = summaries.get(ReplicatorKind.PIPE);
        out.append("| replicator | records/s | MB/s | x MM2 defaults | x MM2 tuned | x pipe "
                + "| records/s 50-90 % (x MM2 defaults / tuned / pipe) | first record (s) "
                + "| CPU s per GB | CPU x MM2 defaults | peak heap (MB) | latency p50 / p99 (ms) | new topic (s) "
                + "| failover re-read / skipped |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Summary s : summaries.values()) {
            out.append("| ").append(s.kind().label())
                    .append(" | ").append(number(s.recordsPerSecond(), "%,.0f"))
                    .append(" | ").append(number(s.megabytesPerSecond(), "%.1f"))
                    .append(" | ").append(ratio(s, mm2, Summary::recordsPerSecond))
                    .append(" | ").append(ratio(s, tuned, Summary::recordsPerSecond))
                    .append(" | ").append(ratio(s, pipe, Summary::recordsPerSecond))
                    .append(" | ").append(number(s.secondHalfRecordsPerSecond(), "%,.0f"))
                    .append(" (").append(ratio(s, mm2, Summary::secondHalfRecordsPerSecond))
                    .append(" / ").append(ratio(s, tuned, Summary::secondHalfRecordsPerSecond))
                    .append(" / ").append(ratio(s, pipe, Summary::secondHalfRecordsPerSecond)).append(")")
                    .append(" | ").append(number(s.firstRecordSeconds(), "%.1f"))
                    .append(" | ").append(number(s.cpuSecondsPerGigabyte(), "%.1f"))
                    .append(" | ").append(ratio(s, mm2, Summary::cpuSecondsPerGigabyte))
                    .append(" | ").append(number(s.peakHeapMegabytes(), "%,.0f"))
                    .append(" | ").append(number(s.p50Millis(), "%.0f")).append(" / ").append(number(s.p99Millis(), "%.0f"))
                    .append(" | ").append(newTopic(s.newTopicSeconds()))
                    .append(" | ").append(failover(s))
                    .append(" |\n");
        }
    }

    /**
     * Whether the copies were bound by the cores, and who used them: at a rate r with c cores busy, each record cost
     * c / r seconds of CPU in all, split between the replicator, the clusters and the rest of the machine.
     */
    private static void cores(StringBuilder out, Map<ReplicatorKind, Summary> summaries) {
        out.append("Where the cores went from 10 to 90 % (CPU per record copied, in microseconds; medians):\n\n");
        out.append("| replicator | records/s | cores busy (of ").append(Runtime.getRuntime().availableProcessors())
                .append(") | all CPU per record | replicator | benchmark JVM (both clusters) | the rest |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|\n");
        for (Summary s : summaries.values()) {
            double all = s.busyCores() / s.recordsPerSecond() * 1e6;
            out.append("| ").append(s.kind().label())
                    .append(" | ").append(number(s.recordsPerSecond(), "%,.0f"))
                    .append(" | ").append(number(s.busyCores(), "%.2f"))
                    .append(" | ").append(number(all, "%.2f"))
                    .append(" | ").append(number(s.cpuMicrosPerRecord(), "%.2f"))
                    .append(" | ").append(number(s.benchJvmCpuMicrosPerRecord(), "%.2f"))
                    .append(" | ").append(number(all - s.cpuMicrosPerRecord() - s.benchJvmCpuMicrosPerRecord(), "%.2f"))
                    .append(" |\n");
        }
    }

    private void runs(StringBuilder out, List<RunResult> results) {
        out.append("| case | replicator | round | records/s | records/s 50-90 % | first record (s) | all copied (s) "
                + "| CPU s per GB | benchmark JVM CPU s per GB | cores busy | peak heap (MB) | p50 / p99 (ms) "
                + "| latency records | new topic (s) | failover re-read / skipped |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (RunResult r : results) {
            List<String> cells = new ArrayList<>();
            cells.add(r.benchCase().name() + " B");
            cells.add(r.kind().id());
            cells.add(Integer.toString(r.round()));
            cells.add(number(r.recordsPerSecond(), "%,.0f"));
            cells.add(number(r.throughput().secondHalfRecordsPerSecond(), "%,.0f"));
            cells.add(number(r.throughput().firstRecordSeconds(), "%.1f"));
            cells.add(number(r.throughput().totalSeconds(), "%.1f"));
            cells.add(number(r.cpuSecondsPerGigabyte(), "%.1f"));
            cells.add(number(r.benchJvmCpuSecondsPerGigabyte(), "%.1f"));
            cells.add(number(r.busyCores(), "%.2f"));
            cells.add(r.peakHeapMegabytes().isPresent() ? Long.toString(r.peakHeapMegabytes().getAsLong()) : "n/a");
            cells.add(r.latency().p50Millis() + " / " + r.latency().p99Millis());
            cells.add(String.format(Locale.ROOT, "%,d of %,d", r.latency().received(), r.latency().sent()));
            cells.add(!r.mirrorFeaturesMeasured() ? "n/a"
                    : newTopic(r.newTopicSeconds().orElse(Double.POSITIVE_INFINITY)));
            cells.add(!r.mirrorFeaturesMeasured() ? "n/a"
                    : r.failover().map(f -> f.reread() + " / " + f.skipped()).orElse("no checkpoint"));
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
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
    }

    /** {@code metric} of {@code s} over the same metric of {@code base}; "n/a" where {@code base} did not run. */
    private static String ratio(Summary s, Summary base, ToDoubleFunction<Summary> metric) {
        return ratio(metric.applyAsDouble(s), base == null ? Double.NaN : metric.applyAsDouble(base));
    }

    static String ratio(double value, double base) {
        return Double.isNaN(value) || Double.isNaN(base) || base == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f", value / base);
    }
}
