package dev.tandem.bench.chaos;

import dev.tandem.testkit.records.TopicCopyAudit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The chaos run's result as Markdown: the faults in order, the audit of every topic, the group, the verdict. */
final class ChaosReport {

    private ChaosReport() {}

    static String render(
            String header,
            List<ChaosEvent> events,
            List<String> topics,
            List<TopicCopyAudit> audits,
            GroupTranslation translation,
            List<String> problems,
            boolean exactlyOnce) {
        StringBuilder out = new StringBuilder(header).append('\n');
        Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
        events.forEach(e -> counts.merge(e.fault(), 1, Integer::sum));
        out.append("Faults injected: ").append(events.size()).append(" (");
        counts.forEach((fault, n) ->
                out.append(fault.description()).append(" x").append(n).append("; "));
        if (!counts.isEmpty()) {
            out.setLength(out.length() - 2);
        }
        out.append(")\n\n").append(ChaosEvent.HEADER).append('\n');
        events.forEach(e -> out.append(e.row()).append('\n'));
        out.append("\n| topic | records on A | records on B | lost | duplicates | order notes |\n");
        out.append("|---|---:|---:|---:|---:|---|\n");
        out.insert(
                out.lastIndexOf("| topic |"),
                "Order notes: after a remote topic is deleted on the target, Tandem makes it again and"
                        + " copies the records in flight first, then the older ones again from the source; the new topic's"
                        + " order differs from A's at its start, as the note says, and no record is missing.\n\n");
        long lost = 0;
        long duplicates = 0;
        for (int i = 0; i < audits.size(); i++) {
            TopicCopyAudit audit = audits.get(i);
            lost += audit.lost();
            duplicates += audit.duplicates();
            out.append(String.format(
                    "| %s | %,d | %,d | %d | %,d | %s |%n",
                    topics.get(i),
                    audit.sourceRecords(),
                    audit.targetRecords(),
                    audit.lost(),
                    audit.duplicates(),
                    audit.problems().isEmpty() ? "none" : String.join("; ", audit.problems())));
        }
        out.append(String.format(
                "%nGroup `%s` committed half way through `%s` (%d partitions), translated on B: re-read %d, skipped"
                        + " %d (%s)%n",
                translation.group(),
                translation.topic(),
                translation.partitions(),
                translation.reread(),
                translation.skipped(),
                translation.detail()));
        // A group far behind may translate coarsely (the sync store thins its old syncs): re-reads are allowed, a skip
        // or no checkpoint at all is not.
        boolean pass = lost == 0 && translation.safe() && problems.isEmpty() && (!exactlyOnce || duplicates == 0);
        out.append("\nVerdict: ")
                .append(pass ? "PASS" : "**FAIL**")
                .append(String.format(
                        " — lost %d, duplicates %,d%s, translation %s",
                        lost,
                        duplicates,
                        exactlyOnce ? " (read_committed)" : "",
                        translation.exact()
                                ? "exact"
                                : translation.safe()
                                        ? "safe (re-read " + translation.reread() + ", skipped 0)"
                                        : "UNSAFE (skipped, or no checkpoint)"));
        problems.forEach(p -> out.append("\n- ").append(p));
        return out.append('\n').toString();
    }
}
