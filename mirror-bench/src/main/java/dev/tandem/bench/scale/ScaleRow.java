package dev.tandem.bench.scale;

import java.util.Locale;

/** The rows of the scale table, in the order they are printed. */
enum ScaleRow {
    TOPICS_CREATED("topics created (s)"),
    ALL_COPIED("all copied (s)"),
    COPY_RATE("copy rate (records/s, after topics exist)"),
    GROUPS_EXACT("groups exact (count and s)"),
    ONE_MORE_TOPIC("one more topic (s)"),
    TASK_CONFIG("largest task config (bytes)"),
    IDLE_CPU("idle CPU s / 60 s"),
    IDLE_INTERNAL("idle internal records / 60 s"),
    HEAP("heap after GC (MB)"),
    RSS("RSS (MB)"),
    PAUSE("longest pause while %d topics are created (ms)");

    private final String label;

    ScaleRow(String label) {
        this.label = label;
    }

    String label(int newTopics) {
        return String.format(Locale.ROOT, label, newTopics);
    }
}
