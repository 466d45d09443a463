package dev.tandem.bench.scale;

import java.util.Locale;

/**
 * The traffic's worst replication latency before and after the new topics were created, in ms (-1: no record in that
 * window was seen on B), and how many records were written and seen.
 */
record PauseFigures(long maxBeforeMillis, long maxAfterMillis, long sent, long received, long creationMillis) {

    String cell() {
        if (maxAfterMillis < 0) {
            return "n/a (no traffic copied)";
        }
        String cell = String.format(Locale.ROOT, "%,d (before: %,d)", maxAfterMillis, maxBeforeMillis);
        long missing = sent - received;
        return missing > 0
                ? "at least " + cell + String.format(Locale.ROOT, ", %,d records never copied", missing)
                : cell;
    }

    String detail() {
        return String.format(
                Locale.ROOT,
                "traffic: %,d records written, %,d copies seen; creating the topics took %,d ms on A",
                sent,
                received,
                creationMillis);
    }
}
