package dev.tandem.driver.drill;

import dev.tandem.driver.drill.DrillReport.GroupPartition;
import dev.tandem.driver.drill.DrillReport.GroupRow;
import dev.tandem.driver.drill.DrillReport.PartitionRow;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import org.apache.kafka.common.TopicPartition;

/** A drill report as text for people: what is replicated, what would be lost, where each group continues. */
public final class DrillText {

    static final Comparator<TopicPartition> PARTITION_ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private DrillText() {}

    public static void print(DrillReport r, PrintStream out) {
        String from = r.from();
        String to = r.to();
        out.printf(
                "Failover drill %s -> %s: %s%n",
                from,
                to,
                r.fromUnreachable() == null
                        ? "planned (" + from + " reachable, every figure read live)"
                        : "UNPLANNED (" + from + " unreachable: " + r.fromUnreachable() + "); figures from what " + to
                                + " holds");
        out.printf(
                "Heartbeats from %s on %s: %s%n",
                from,
                to,
                r.heartbeatAgeSeconds() == null
                        ? "none found"
                        : String.format("newest %.1f s old", r.heartbeatAgeSeconds()));
        out.println();
        out.printf("Replication of %s's topics to %s%n", from, to);
        out.printf(
                "  %-28s %5s %12s %12s %10s %9s  %s%n",
                "TOPIC-PARTITION", "", from + " END", "ON " + to + " TO", "LAG", "LAG S", "PARITY");
        for (PartitionRow p : r.partitions()) {
            String end = p.sourceEnd() == null
                    ? "?"
                    : p.sourceEnd()
                            + (p.sourceEndAgeSeconds() != null && p.sourceEndAgeSeconds() > 0
                                    ? String.format(" (%.0fs ago)", p.sourceEndAgeSeconds())
                                    : "");
            out.printf(
                    "  %-28s %5s %12s %12s %10s %9s  %s%n",
                    p.topic() + "-" + p.partition(),
                    "",
                    end,
                    p.replicatedTo() == null ? "?" : p.replicatedTo() + (p.replicatedExact() ? "" : "~"),
                    p.lagRecords() == null ? "?" : p.lagRecords(),
                    p.lagSeconds() == null ? "?" : String.format("%.1f", p.lagSeconds()),
                    p.parity() == null
                            ? "-"
                            : p.parity().checked()
                                    ? p.parity().note() + " (" + p.parity().sourceRecords() + " / "
                                            + p.parity().targetRecords() + " records, crc "
                                            + p.parity().sourceChecksum() + " / "
                                            + p.parity().targetChecksum() + ")"
                                    : p.parity().note());
        }
        if (r.partitions().isEmpty()) {
            out.println("  (no replicated partition matched)");
        }
        out.printf("Recovery point: %d record(s) on %s are not on %s", r.rpoRecords(), from, to);
        if (r.rpoSeconds() != null && r.rpoRecords() > 0) {
            out.printf(", the oldest written %.1f s ago", r.rpoSeconds());
        } else if (r.missingSinceTimestamp() != null) {
            out.printf("; %s has %s's records up to %s", to, from, Instant.ofEpochMilli(r.missingSinceTimestamp()));
        }
        out.println(
                r.fromUnreachable() == null
                        ? "."
                        : " (as last seen by the replicator; records written to " + from
                                + " after its last fetch are not counted).");
        long lost = r.partitions().stream()
                .mapToLong(p -> p.lostRecords() == null ? 0 : p.lostRecords())
                .sum();
        if (lost > 0) {
            out.printf(
                    "Known gap: %d record(s) were gone from %s before the replicator copied them (retention,"
                            + " truncation, a topic made again) and are on neither cluster: %s. The replicator's log"
                            + " names their offsets.%n",
                    lost,
                    from,
                    r.partitions().stream()
                            .filter(p -> p.lostRecords() != null && p.lostRecords() > 0)
                            .map(p -> p.topic() + "-" + p.partition() + " " + p.lostRecords())
                            .collect(java.util.stream.Collectors.joining(", ")));
        }
        out.println();
        out.printf("Consumer groups of %s on %s%n", from, to);
        for (GroupRow g : r.groups()) {
            out.printf(
                    "  %s  (%s on %s)  %s%n",
                    g.group(), g.members() == 0 ? "no consumers" : g.members() + " consumer(s)", to, g.outcome());
            for (GroupPartition p : g.partitions()) {
                out.printf(
                        "    %-26s at %-10d -> %-26s at %-10s re-read %-6s missing %-6s %s%n",
                        p.sourceTopic() + "-" + p.partition(),
                        p.committed(),
                        p.targetTopic() + "-" + p.partition(),
                        p.target() == null ? "?" : p.target(),
                        p.rereadAtMost() == null ? "?" : p.rereadAtMost() == 0 ? "0" : "<=" + p.rereadAtMost(),
                        p.missing() == null ? "?" : p.missing(),
                        p.basis());
            }
        }
        if (r.groups().isEmpty()) {
            out.println("  (no consumer group matched)");
        }
        if (!r.notKnown().isEmpty()) {
            out.println();
            out.println("Not known or not exact:");
            r.notKnown().forEach(line -> out.println("  - " + line));
        }
        out.println();
        if (!r.executed()) {
            out.printf(
                    "Nothing was changed. To commit these offsets into %s's groups, run again with --execute.%n", to);
        } else {
            out.println("Next:");
            r.nextSteps().forEach(line -> out.println("  - " + line));
        }
        out.println(r.exitCode() == 0 ? "Result: OK" : "Result: NOT OK (exit code " + r.exitCode() + ")");
    }
}
