package dev.tandem.bench.replicator;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The replicators compared side by side, each run in a JVM of its own with the same JVM options. */
public enum ReplicatorKind {
    PIPE("pipe", "Plain consumer->producer pipe, 1 thread"),
    MM2_DEFAULTS("mm2-defaults", "MirrorMaker 2 (Kafka 4.3.1), defaults"),
    MM2_TUNED("mm2-tuned", "MirrorMaker 2 (Kafka 4.3.1), Tandem's client tuning"),
    TANDEM("tandem", "Tandem, defaults");

    private final String id;
    private final String label;

    ReplicatorKind(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /** Whether it has checkpoints and topic discovery to measure (the pipe copies a fixed list and translates nothing). */
    public boolean isMirrorMaker() {
        return this != PIPE;
    }

    public static ReplicatorKind byId(String id) {
        for (ReplicatorKind kind : values()) {
            if (kind.id.equals(id.trim())) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown replicator '" + id + "' in bench.replicators; use one or more of "
                + Arrays.stream(values()).map(ReplicatorKind::id).collect(Collectors.joining(", ")));
    }
}
