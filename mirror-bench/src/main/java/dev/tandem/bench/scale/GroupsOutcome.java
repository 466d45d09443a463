package dev.tandem.bench.scale;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How many of the groups' partitions had an exact checkpoint on B, and when all had (seconds from the replicator's
 * start); {@code example} shows an inexact one.
 */
record GroupsOutcome(
        int exact,
        int expected,
        int withCheckpoint,
        OptionalDouble allExactSeconds,
        long deadlineSeconds,
        Optional<String> example,
        long unreadable) {

    String cell() {
        if (allExactSeconds.isPresent()) {
            return String.format(Locale.ROOT, "%,d of %,d in %.1f s", exact, expected, allExactSeconds.getAsDouble());
        }
        return String.format(
                Locale.ROOT,
                "%,d of %,d, not all within %d s after the copy (%,d with a checkpoint)",
                exact,
                expected,
                deadlineSeconds,
                withCheckpoint);
    }
}
