package dev.tandem.bench.report;

import dev.tandem.bench.replicator.ReplicatorKind;

import java.util.Locale;
import java.util.Map;

/** The targets for Tandem, each checked against the other replicators' figures from the same run. */
final class Targets {

    private final Summary tandem;
    private final Summary mm2;
    private final Summary tuned;
    private final Summary pipe;
    private final double newTopicTimeoutSeconds;

    Targets(Map<ReplicatorKind, Summary> summaries, double newTopicTimeoutSeconds) {
        this.tandem = summaries.get(ReplicatorKind.TANDEM);
        this.mm2 = summaries.get(ReplicatorKind.MM2_DEFAULTS);
        this.tuned = summaries.get(ReplicatorKind.MM2_TUNED);
        this.pipe = summaries.get(ReplicatorKind.PIPE);
        this.newTopicTimeoutSeconds = newTopicTimeoutSeconds;
    }

    void render(StringBuilder out) {
        if (tandem == null) {
            return;
        }
        out.append("| target | required | measured | met |\n|---|---|---|---|\n");
        if (mm2 != null) {
            atLeast(out, "throughput vs MM2 with defaults", 3.0, tandem.recordsPerSecond() / mm2.recordsPerSecond(), "x");
            atMost(out, "CPU per GB vs MM2 with defaults", 0.5, tandem.cpuSecondsPerGigabyte() / mm2.cpuSecondsPerGigabyte(), "x");
            atMost(out, "p99 latency at the fixed rate (ms), MM2 with defaults: "
                    + ResultTable.number(mm2.p99Millis(), "%.0f"), mm2.p99Millis(), tandem.p99Millis(), " ms");
        }
        if (tuned != null) {
            atLeast(out, "throughput vs MM2 with the same client tuning", 1.5,
                    tandem.recordsPerSecond() / tuned.recordsPerSecond(), "x");
        }
        if (pipe != null) {
            atLeast(out, "throughput vs the single-thread pipe", 0.75, tandem.recordsPerSecond() / pipe.recordsPerSecond(), "x");
        }
        atMost(out, "first replicated record after start (s)", 4, tandem.firstRecordSeconds(), " s");
        double newTopic = Double.isInfinite(tandem.newTopicSeconds()) ? newTopicTimeoutSeconds : tandem.newTopicSeconds();
        atMost(out, "new topic replicated (s)", 10, newTopic, " s");
        atMost(out, "records re-read after failing over a group committed mid-topic", 0, tandem.reread(), "");
        atMost(out, "records skipped after failing over that group", 0, tandem.skipped(), "");
    }

    private static void atLeast(StringBuilder out, String what, double required, double measured, String unit) {
        row(out, what, ">= " + format(required) + unit, format(measured, required) + unit, measured >= required);
    }

    private static void atMost(StringBuilder out, String what, double required, double measured, String unit) {
        row(out, what, "<= " + format(required) + unit, format(measured, required) + unit, measured <= required);
    }

    private static void row(StringBuilder out, String what, String required, String measured, boolean met) {
        out.append("| ").append(what).append(" | ").append(required).append(" | ").append(measured).append(" | ")
                .append(met ? "yes" : "**no**").append(" |\n");
    }

    /** A measured value that rounds to the required one shows more digits, so a miss never reads as the target. */
    private static String format(double measured, double required) {
        String shown = format(measured);
        if (measured != required && shown.equals(format(required))) {
            return String.format(Locale.ROOT, "%.4f", measured);
        }
        return shown;
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e6 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
