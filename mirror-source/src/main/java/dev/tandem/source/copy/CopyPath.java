package dev.tandem.source.copy;

import java.util.Locale;
import java.util.Map;

/**
 * How a source task writes its copies to the target.
 *
 * <ul>
 *   <li>{@link #DIRECT}: the task's own producer writes each consumed record's bytes to the remote partition, and
 *       Connect is handed only the positions (one record per moving partition about once a second, to the positions
 *       topic, carrying MM2's source offset). Connect's per-record loop and its acknowledgement bookkeeping are not
 *       on the copy path, which is where the record path spends about a third of its CPU.</li>
 *   <li>{@link #RECORD}: each record goes through Connect as a {@code SourceRecord}. Single Message Transforms run
 *       only here, and so does Connect's exactly-once support (each poll's copies and their offsets in one
 *       transaction of Connect's producer).</li>
 * </ul>
 */
public enum CopyPath {
    DIRECT,
    RECORD;

    public static final String AUTO = "auto";

    /** What {@code copy.path} says and what the connector's other settings require, with the reason, for the log. */
    public record Choice(CopyPath path, String reason) {

        @Override
        public String toString() {
            return path.name().toLowerCase(Locale.ROOT) + " (" + reason + ")";
        }
    }

    /**
     * The path for a connector's settings: {@code copy.path} when it names one, otherwise the direct path unless
     * something only the record path provides is asked for. {@link #conflict} reports a named path the settings rule
     * out, so this is only called on settings that passed validation.
     */
    public static Choice choose(String configured, Map<String, String> props, boolean positionsEnabled) {
        if (!AUTO.equalsIgnoreCase(configured.trim())) {
            return new Choice(valueOf(configured.trim().toUpperCase(Locale.ROOT)), "copy.path=" + configured.trim());
        }
        String needsRecord = recordPathReason(props, positionsEnabled);
        return needsRecord == null
                ? new Choice(DIRECT, "copy.path=auto: no transforms, no exactly-once")
                : new Choice(RECORD, "copy.path=auto: " + needsRecord);
    }

    /** Why {@code copy.path=direct} cannot hold with these settings, or null when it can. */
    public static String conflict(String configured, Map<String, String> props, boolean positionsEnabled) {
        if (!DIRECT.name().equalsIgnoreCase(configured.trim())) {
            return null;
        }
        String needsRecord = recordPathReason(props, positionsEnabled);
        return needsRecord == null
                ? null
                : "copy.path=direct cannot be used: " + needsRecord
                        + ". Set copy.path=auto (or record), or remove what needs the record path";
    }

    private static String recordPathReason(Map<String, String> props, boolean positionsEnabled) {
        String transforms = props.get("transforms");
        if (transforms != null && !transforms.isBlank()) {
            return "transforms '" + transforms.trim() + "' run only on Connect's record path";
        }
        if ("required".equalsIgnoreCase(trimmed(props.get("exactly.once.support")))) {
            return "exactly.once.support=required: Connect's exactly-once transactions cover only the record path";
        }
        // The driver passes mm2.properties' top-level keys to its connectors, this one included.
        if ("enabled".equalsIgnoreCase(trimmed(props.get("exactly.once.source.support")))) {
            return "exactly.once.source.support=enabled: Connect's exactly-once transactions cover only the record path";
        }
        if (!positionsEnabled) {
            return "emit.positions.enabled=false: the direct path hands Connect its positions through the positions topic";
        }
        return null;
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }
}
