package dev.tandem.bench.scale;

import java.util.List;

/** The markdown table: one row per {@link ScaleRow}, one column per replicator. */
final class ScaleTable {

    private ScaleTable() {}

    static String render(List<ScaleFigures> columns, int newTopics) {
        StringBuilder table = new StringBuilder("| |");
        columns.forEach(c -> table.append(' ').append(c.name()).append(" |"));
        table.append("\n|---|");
        columns.forEach(c -> table.append("---|"));
        table.append('\n');
        for (ScaleRow row : ScaleRow.values()) {
            table.append("| ").append(row.label(newTopics)).append(" |");
            columns.forEach(c -> table.append(' ').append(c.cell(row)).append(" |"));
            table.append('\n');
        }
        return table.toString();
    }
}
