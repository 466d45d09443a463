package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.ReplicatorKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One replicator's column, filled step by step as each figure is measured: when a step fails, the figures measured
 * before it still count, and the failure is reported next to them rather than losing the whole run.
 */
final class ScaleFigures {

    static final String NOT_MEASURED = "–";

    private final ReplicatorKind kind;
    private final int newTopics;
    private final Map<ScaleRow, String> cells = new EnumMap<>(ScaleRow.class);
    private final List<String> details = new ArrayList<>();
    private Optional<String> failure = Optional.empty();

    ScaleFigures(ReplicatorKind kind, int newTopics) {
        this.kind = kind;
        this.newTopics = newTopics;
    }

    ReplicatorKind kind() {
        return kind;
    }

    /** Sets a cell and prints it, so a long run shows its figures as they come. */
    void put(ScaleRow row, String cell) {
        cells.put(row, cell);
        System.out.println("  " + row.label(newTopics) + ": " + cell);
    }

    String cell(ScaleRow row) {
        return cells.getOrDefault(row, NOT_MEASURED);
    }

    /** A line for the details below the table (what a cell is made of). */
    void detail(String line) {
        details.add(line);
    }

    List<String> details() {
        return details;
    }

    void fail(String message) {
        failure = Optional.of(message);
    }

    Optional<String> failure() {
        return failure;
    }

    /** The column's head. */
    String name() {
        return switch (kind) {
            case TANDEM -> "Tandem";
            case MM2_DEFAULTS -> "MM2";
            case MM2_TUNED -> "MM2 tuned";
            case PIPE -> "pipe";
        };
    }
}
