package dev.tandem.common.metrics;

import java.util.Locale;

/** Why records of a source partition were never copied: the {@code reason} label of the lost-records counters. */
public enum LostReason {
    /** Removed from the start of the log (retention, {@code kafka-delete-records}) before the copy reached them. */
    REMOVED,
    /**
     * The log now ends before where the copy stood (an unclean leader election, or the topic recreated): records the
     * target has are no longer on the source, and the offsets will be used again by new records.
     */
    TRUNCATED;

    /** The label value: {@code removed}, {@code truncated}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
