package dev.tandem.bench.scale;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a replicator did with nothing to copy: its CPU seconds and the records it wrote to internal topics over the
 * window, both also scaled to 60 s so windows of other lengths compare.
 *
 * @param jitCpuSeconds of {@code cpuSeconds}, what the JIT compiler threads used (NaN if unknown)
 * @param settledSeconds how long the window waited for the compiler threads to go quiet
 * @param growth per internal topic ({@code <cluster>: <topic>}), the end-offset growth over the window
 * @param busiestThreads the replicator's thread groups that used the most CPU over the window, as measured
 * @param minutes the replicator's CPU (and the compiler's) in each minute of the window, as measured
 */
record IdleFigures(
        double cpuSeconds,
        double jitCpuSeconds,
        long settledSeconds,
        int windowSeconds,
        Map<String, Long> growth,
        List<String> busiestThreads,
        List<String> minutes) {

    long internalRecords() {
        return growth.values().stream().mapToLong(Long::longValue).sum();
    }

    String cpuCell() {
        return String.format(
                Locale.ROOT, "%.2f (JIT %.2f)", cpuSeconds * 60 / windowSeconds, jitCpuSeconds * 60 / windowSeconds);
    }

    String internalCell() {
        return String.format(Locale.ROOT, "%,d", Math.round(internalRecords() * 60.0 / windowSeconds));
    }

    /** One line per internal topic, over the window as measured (not scaled). */
    List<String> perTopic() {
        return growth.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s +%,d", e.getKey(), e.getValue()))
                .toList();
    }
}
