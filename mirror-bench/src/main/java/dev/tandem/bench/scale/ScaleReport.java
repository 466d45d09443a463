package dev.tandem.bench.scale;

import dev.tandem.bench.Machine;
import dev.tandem.bench.replicator.ReplicatorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The markdown the command prints and appends to {@code <scale.out>/scale.md}: a header saying when, on what and on
 * which commit, the table, then what each column's cells are made of and how they were measured. Appended, not
 * replaced, so runs on different commits stay side by side.
 */
final class ScaleReport {

    static final String FILE = "scale.md";

    private ScaleReport() {}

    static String header(ScaleSettings settings, String commit) {
        return "## Scale, " + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")) + "\n\n"
                + "- Machine: " + Machine.describe() + "\n"
                + "- Commit: " + commit + "\n"
                + "- Data set on A: " + settings.describe() + "\n"
                + "- Replicators: "
                + settings.replicators().stream().map(ReplicatorKind::label).collect(Collectors.joining("; "))
                + "; each in its own JVM (-Xms256m -Xmx2g, G1) against a fresh cluster B\n"
                + "- Clusters: one broker each, each in its own JVM (" + ScaleClusters.describe() + ")\n";
    }

    static String render(String header, List<ScaleFigures> columns, ScaleSettings settings) {
        StringBuilder report = new StringBuilder(header)
                .append('\n')
                .append(ScaleTable.render(columns, settings.newTopics()))
                .append('\n');
        for (ScaleFigures column : columns) {
            if (column.details().isEmpty() && column.failure().isEmpty()) {
                continue;
            }
            report.append("**").append(column.name()).append("**\n\n");
            column.failure()
                    .ifPresent(f -> report.append("- FAILED: ").append(f).append('\n'));
            column.details().forEach(d -> report.append("- ").append(d).append('\n'));
            report.append('\n');
        }
        return report.append(method(settings)).toString();
    }

    /** Appends the report to {@code out/scale.md}, making the folder and the file as needed. */
    static Path append(Path out, String report) throws IOException {
        Files.createDirectories(out);
        Path file = out.resolve(FILE);
        Files.writeString(
                file, report + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return file;
    }

    private static String method(ScaleSettings settings) {
        return "How: seconds are from the replicator's start. Topics created: every remote data topic listed on B"
                + " (listed once a second; the pipe's are created by the command before it starts, in requests of "
                + TopicBatches.BATCH + " topics, and in brackets is when B listed them all, from the first request:"
                + " what B's broker alone takes to apply that many partitions). All copied: the"
                + " remote end offsets add up to A's (sampled every 250 ms; deadline "
                + CopyMilestones.COPY_DEADLINE.toMinutes() + " min). Copy rate: records copied from the first sample"
                + " at which all remote topics existed and held a record, to the sample at which all were copied."
                + " Groups exact: group partitions whose latest checkpoint in A.checkpoints.internal on B has"
                + " downstream offset = the committed offset (B copies 1:1 from empty); deadline "
                + CopyMilestones.GROUPS_DEADLINE.toMinutes() + " min after the copy. One more topic: a new topic's"
                + " first record, from its acknowledgement on A to its copy on B. Largest task config: the largest"
                + " value among task-* records of the Connect config topic(s) on B. Idle: over "
                + settings.idleSeconds() + " s after the copy, opened once the replicator's JIT compiler threads used"
                + " under 0.05 s in 5 s (at most " + IdleWindow.JIT_SETTLE_MAX.toSeconds() + " s; since"
                + " 2026-12-07), the replicator's CPU (user + system; in brackets its compiler threads') and the growth"
                + " of every non-data topic's end offsets on A and B (listed above), both scaled to 60 s. Heap: live"
                + " objects after a full GC (jcmd GC.class_histogram); RSS from /proc before it. Longest pause: "
                + PauseProbe.RATE + " records/s over " + ScaleDataSet.TRAFFIC_TOPICS + " topics that existed"
                + " before the start; " + PauseProbe.BEFORE.toSeconds() + " s in, " + settings.newTopics()
                + " topics are created on A at once, and the largest replication latency (received on B minus"
                + " created on A) of the records written in the " + PauseProbe.AFTER.toSeconds() + " s after is"
                + " shown, with the largest before (after a 5 s warm-up) in brackets.\n";
    }
}
