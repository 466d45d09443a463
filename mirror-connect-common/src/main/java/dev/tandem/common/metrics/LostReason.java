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
    TRUNCATED,
    /**
     * The source topic was deleted and made again under the same name (a new topic id) before the copy reached the
     * old topic's last records.
     */
    RECREATED;

    /** The label value: {@code removed}, {@code truncated}, {@code recreated}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the records counted under this reason are, for metric descriptions. */
    public String description() {
        return switch (this) {
            case REMOVED -> "removed by retention or delete-records before they were copied";
            case TRUNCATED -> "truncated from the end of the source partition's log";
            case RECREATED -> "left uncopied in a source topic that was deleted and made again";
        };
    }
}
