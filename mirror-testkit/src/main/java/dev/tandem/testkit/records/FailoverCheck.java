package dev.tandem.testkit.records;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a consumer that moved clusters reads, compared with what it would have read had it stayed: records read
 * again (already consumed before the move) and records skipped (never read). Exact translation means both are 0.
 */
public final class FailoverCheck {

    private final int reread;
    private final int skipped;

    private FailoverCheck(int reread, int skipped) {
        this.reread = reread;
        this.skipped = skipped;
    }

    /**
     * @param wouldRead   the records after the committed offset on the old cluster, in order
     * @param readsAfterMove the records from the translated offset on the new cluster, in order
     * @param before      the records before the committed offset on the old cluster (already consumed)
     */
    public static FailoverCheck of(
            List<ConsumerRecord<byte[], byte[]>> before,
            List<ConsumerRecord<byte[], byte[]>> wouldRead,
            List<ConsumerRecord<byte[], byte[]>> readsAfterMove) {
        Set<String> consumed = new HashSet<>();
        before.forEach(r -> consumed.add(RecordAssertions.identity(r)));
        int reread = 0;
        int index = 0;
        while (index < readsAfterMove.size()
                && consumed.contains(RecordAssertions.identity(readsAfterMove.get(index)))) {
            reread++;
            index++;
        }
        Set<String> read = new HashSet<>();
        for (int i = index; i < readsAfterMove.size(); i++) {
            read.add(RecordAssertions.identity(readsAfterMove.get(i)));
        }
        int skipped = 0;
        for (ConsumerRecord<byte[], byte[]> record : wouldRead) {
            if (!read.contains(RecordAssertions.identity(record))) {
                skipped++;
            }
        }
        return new FailoverCheck(reread, skipped);
    }

    public int reread() {
        return reread;
    }

    public int skipped() {
        return skipped;
    }

    @Override
    public String toString() {
        return "re-read=" + reread + " skipped=" + skipped;
    }
}
