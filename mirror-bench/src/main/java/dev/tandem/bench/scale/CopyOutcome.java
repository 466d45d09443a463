package dev.tandem.bench.scale;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * What the copy reached, in seconds from the replicator's start: all remote data topics on B, then all records.
 *
 * @param recordsPerSecond the copy rate from the first sample at which every remote topic existed and held a record
 *     to the sample at which all were copied; empty when that took less than one sample (too short to time)
 */
record CopyOutcome(
        int topicsExpected,
        int topicsPresent,
        OptionalDouble topicsSeconds,
        long recordsExpected,
        long recordsCopied,
        OptionalDouble copiedSeconds,
        OptionalDouble recordsPerSecond,
        long deadlineSeconds) {

    boolean complete() {
        return copiedSeconds.isPresent();
    }

    String topicsCell() {
        return topicsSeconds.isPresent()
                ? seconds(topicsSeconds.getAsDouble())
                : String.format(
                        Locale.ROOT, "not within %d s (%,d of %,d)", deadlineSeconds, topicsPresent, topicsExpected);
    }

    String copiedCell() {
        return copiedSeconds.isPresent()
                ? seconds(copiedSeconds.getAsDouble())
                : String.format(
                        Locale.ROOT,
                        "not within %d s (%,d of %,d records)",
                        deadlineSeconds,
                        recordsCopied,
                        recordsExpected);
    }

    String rateCell() {
        if (recordsPerSecond.isPresent()) {
            return String.format(Locale.ROOT, "%,.0f", recordsPerSecond.getAsDouble());
        }
        return complete() ? "n/a (copied within one sample)" : "n/a";
    }

    /** Tenths, and hundredths below a second: creating a few dozen topics takes well under one. */
    static String seconds(double seconds) {
        return String.format(Locale.ROOT, seconds < 1 ? "%.2f" : "%.1f", seconds);
    }
}
