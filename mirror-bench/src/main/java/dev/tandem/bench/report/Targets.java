package dev.tandem.bench.report;

import dev.tandem.bench.replicator.ReplicatorKind;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The targets for Tandem, each checked against the other replicators' medians from the same bench run (so
 * drift between runs of the benchmark never enters a ratio). A target whose figures are missing (a replicator not
 * run, or no valid run) reads "not measured", never "met".
 */
final class Targets {

    private final Map<ReplicatorKind, Summary> summaries;
    private final Summary tandem;
    private final double newTopicTimeoutSeconds;
    private final int latencyRate;

    Targets(Map<ReplicatorKind, Summary> summaries, double newTopicTimeoutSeconds, int latencyRate) {
        this.summaries = summaries;
        this.tandem = summaries.get(ReplicatorKind.TANDEM);
        this.newTopicTimeoutSeconds = newTopicTimeoutSeconds;
        this.latencyRate = latencyRate;
    }

    void render(StringBuilder out) {
        if (tandem == null) {
            return;
        }
        out.append("Targets (Tandem's medians against the others' in this run):\n\n");
        out.append("| target | required | measured | met |\n|---|---|---|---|\n");
        ratio(
                out,
                "copy rate at steady state vs the pipe",
                ReplicatorKind.PIPE,
                true,
                0.85,
                Summary::recordsPerSecond,
                "records/s",
                "%,.0f");
        ratio(
                out,
                "copy rate at steady state vs MM2 tuned",
                ReplicatorKind.MM2_TUNED,
                true,
                1.5,
                Summary::recordsPerSecond,
                "records/s",
                "%,.0f");
        ratio(
                out,
                "copy rate at steady state vs MM2 defaults",
                ReplicatorKind.MM2_DEFAULTS,
                true,
                3.0,
                Summary::recordsPerSecond,
                "records/s",
                "%,.0f");
        ratio(
                out,
                "replicator CPU per record at steady state vs MM2 tuned",
                ReplicatorKind.MM2_TUNED,
                false,
                0.6,
                Summary::cpuMicrosPerRecord,
                "µs",
                "%.2f");
        ratio(
                out,
                "replicator CPU per record (so per GB) at steady state vs MM2 defaults",
                ReplicatorKind.MM2_DEFAULTS,
                false,
                0.5,
                Summary::cpuMicrosPerRecord,
                "µs",
                "%.2f");
        p99(out);
        atMost(out, "first replicated record after start", 4, tandem.firstRecordSeconds(), " s");
        double newTopic =
                Double.isInfinite(tandem.newTopicSeconds()) ? newTopicTimeoutSeconds : tandem.newTopicSeconds();
        atMost(out, "new topic replicated", 10, newTopic, " s");
        atMost(out, "records re-read after failing over a group committed mid-topic", 0, tandem.reread(), "");
        atMost(out, "records skipped after failing over that group", 0, tandem.skipped(), "");
    }

    /** Tandem's {@code metric} over {@code base}'s: at least {@code required} if {@code atLeast}, else at most. */
    private void ratio(
            StringBuilder out,
            String what,
            ReplicatorKind base,
            boolean atLeast,
            double required,
            ToDoubleFunction<Summary> metric,
            String unit,
            String format) {
        String requirement = (atLeast ? ">= " : "<= ") + format(required) + "x";
        Summary other = summaries.get(base);
        if (other == null) {
            row(out, what, requirement, "n/a (" + base.id() + " not in this run)", Met.NOT_MEASURED);
            return;
        }
        double mine = metric.applyAsDouble(tandem);
        double theirs = metric.applyAsDouble(other);
        double ratio = mine / theirs;
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            row(
                    out,
                    what,
                    requirement,
                    "n/a (no valid run of " + (Double.isNaN(mine) ? "tandem" : base.id()) + ")",
                    Met.NOT_MEASURED);
            return;
        }
        String measured = format(ratio, required) + "x (" + String.format(Locale.ROOT, format, mine) + " against "
                + String.format(Locale.ROOT, format, theirs) + " " + unit + ")";
        row(out, what, requirement, measured, Met.of(atLeast ? ratio >= required : ratio <= required));
    }

    private void p99(StringBuilder out) {
        String what = String.format(Locale.ROOT, "p99 latency at %,d records/s vs MM2 defaults", latencyRate);
        Summary mm2 = summaries.get(ReplicatorKind.MM2_DEFAULTS);
        if (mm2 == null || Double.isNaN(mm2.p99Millis()) || Double.isNaN(tandem.p99Millis())) {
            row(
                    out,
                    what,
                    "<= MM2 defaults' p99",
                    mm2 == null ? "n/a (mm2-defaults not in this run)" : "n/a",
                    Met.NOT_MEASURED);
            return;
        }
        row(
                out,
                what,
                "<= " + format(mm2.p99Millis()) + " ms (MM2 defaults' p99)",
                format(tandem.p99Millis(), mm2.p99Millis()) + " ms",
                Met.of(tandem.p99Millis() <= mm2.p99Millis()));
    }

    private static void atMost(StringBuilder out, String what, double required, double measured, String unit) {
        row(
                out,
                what,
                "<= " + format(required) + unit,
                format(measured, required) + unit,
                Double.isNaN(measured) ? Met.NOT_MEASURED : Met.of(measured <= required));
    }

    private static void row(StringBuilder out, String what, String required, String measured, Met met) {
        out.append("| ")
                .append(what)
                .append(" | ")
                .append(required)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(met.text)
                .append(" |\n");
    }

    private enum Met {
        YES("yes"),
        NO("**no**"),
        NOT_MEASURED("not measured");

        private final String text;

        Met(String text) {
            this.text = text;
        }

        static Met of(boolean met) {
            return met ? YES : NO;
        }
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
        return value == Math.rint(value) && Math.abs(value) < 1e6
                ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
