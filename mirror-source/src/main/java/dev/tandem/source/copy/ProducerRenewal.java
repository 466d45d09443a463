package dev.tandem.source.copy;

import dev.tandem.source.records.PartitionState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides when the copy producer has written to so many partitions that are now quiet that a fresh producer is
 * cheaper.
 *
 * <p>Why: Kafka's producer keeps a queue for every partition it ever wrote to, and its sender thread walks all of
 * them on every wake-up ({@code RecordAccumulator.ready}). After a task copied 10,000 partitions once, a trickle of
 * traffic on 80 of them kept the sender at about 45 % of a core (the scale run's profile of 2026-12-07), and made
 * the copy of busy partitions wait on it while new topics were taken up. A new producer knows only the partitions
 * written since.
 *
 * <p>A partition is stamped when the sending order changes partition (a poll's records come partition by partition)
 * and at least every second, not for every record.
 */
final class ProducerRenewal {

    /** Below this many partitions written, the walk costs too little to be worth a new producer. */
    static final int MIN_PARTITIONS_WRITTEN = 1_000;
    /** Renew when fewer than one in this many of the partitions written are still busy. */
    static final int BUSY_SHARE_DIVISOR = 4;
    /** A partition written within this long counts as busy. */
    static final long BUSY_WINDOW_MS = 60_000;
    /** How often the partitions are counted; counting walks them all. */
    static final long CHECK_INTERVAL_MS = 10_000;

    private final int minPartitionsWritten;
    private final Map<PartitionState, Long> lastWrittenMs = new HashMap<>();
    private PartitionState previous;
    private long previousMs;
    private long nextCheckMs;

    ProducerRenewal() {
        this(MIN_PARTITIONS_WRITTEN);
    }

    /** With a lower threshold, for tests that cannot create a thousand partitions. */
    ProducerRenewal(int minPartitionsWritten) {
        this.minPartitionsWritten = minPartitionsWritten;
    }

    /** A record of {@code state}'s partition goes to the current producer. Task thread. */
    void writing(PartitionState state, long nowMs) {
        // A partition written without a break (one busy partition) is still stamped again every second.
        if (state != previous || nowMs - previousMs >= 1_000) {
            previous = state;
            previousMs = nowMs;
            lastWrittenMs.put(state, nowMs);
        }
    }

    /**
     * Whether to replace the producer now: checked at most every {@link #CHECK_INTERVAL_MS}; true when it wrote to at
     * least the threshold of partitions and fewer than a quarter of them within {@link #BUSY_WINDOW_MS}.
     */
    boolean due(long nowMs) {
        if (nowMs < nextCheckMs) {
            return false;
        }
        nextCheckMs = nowMs + CHECK_INTERVAL_MS;
        int written = lastWrittenMs.size();
        return written >= minPartitionsWritten && (long) busy(nowMs).size() * BUSY_SHARE_DIVISOR < written;
    }

    /** Partitions written within {@link #BUSY_WINDOW_MS}. */
    List<PartitionState> busy(long nowMs) {
        return lastWrittenMs.entrySet().stream()
                .filter(written -> nowMs - written.getValue() < BUSY_WINDOW_MS)
                .map(Map.Entry::getKey)
                .toList();
    }

    /** Partitions the current producer wrote to. */
    int written() {
        return lastWrittenMs.size();
    }

    /** The producer was replaced: the new one has written to nothing yet. */
    void renewed() {
        lastWrittenMs.clear();
        previous = null;
    }
}
