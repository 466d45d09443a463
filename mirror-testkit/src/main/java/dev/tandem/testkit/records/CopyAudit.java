package dev.tandem.testkit.records;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Audits one partition's copy against its source, record by record, the way an operator would count: records
 * lost (never arrived), records copied more than once, and the number of rewinds (points where the copy went back
 * to re-send records it had already sent, as after a restart from an older committed offset).
 *
 * <p>The walk follows the target in order. A record equal to the next expected source record advances; one that
 * appeared earlier in the source is a rewind; one further ahead is a skip, reported even when a later rewind
 * recovers the records (order within the partition was broken). Lost counts source records that never arrived.
 */
public final class CopyAudit {

    private final int lost;
    private final int duplicates;
    private final int rewinds;
    private final List<String> problems;

    private CopyAudit(int lost, int duplicates, int rewinds, List<String> problems) {
        this.lost = lost;
        this.duplicates = duplicates;
        this.rewinds = rewinds;
        this.problems = problems;
    }

    public static CopyAudit of(
            List<ConsumerRecord<byte[], byte[]>> source, List<ConsumerRecord<byte[], byte[]>> target) {
        Map<String, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < source.size(); i++) {
            if (indexOf.put(RecordAssertions.identity(source.get(i)), i) != null) {
                throw new IllegalArgumentException(
                        "source records must be unique to be audited; record " + i + " repeats");
            }
        }
        boolean[] seen = new boolean[source.size()];
        int next = 0;
        int duplicates = 0;
        int rewinds = 0;
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : target) {
            Integer index = indexOf.get(RecordAssertions.identity(record));
            if (index == null) {
                problems.add("target offset " + record.offset() + " holds a record the source never had");
                continue;
            }
            if (index < next) {
                rewinds++;
            } else if (index > next && !seen[next]) {
                problems.add("source records from " + next + " to " + (index - 1) + " were skipped at target offset "
                        + record.offset());
            }
            if (seen[index]) {
                duplicates++;
            }
            seen[index] = true;
            next = index + 1;
        }
        int lost = 0;
        for (boolean s : seen) {
            lost += s ? 0 : 1;
        }
        if (lost > 0) {
            problems.add(lost + " source records never arrived");
        }
        return new CopyAudit(lost, duplicates, rewinds, problems);
    }

    public int lost() {
        return lost;
    }

    public int duplicates() {
        return duplicates;
    }

    public int rewinds() {
        return rewinds;
    }

    public List<String> problems() {
        return problems;
    }

    @Override
    public String toString() {
        return "lost=" + lost + " duplicates=" + duplicates + " rewinds=" + rewinds
                + (problems.isEmpty() ? "" : " " + problems);
    }
}
