package dev.tandem.testkit.records;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class CopyAuditTest {

    private static List<ConsumerRecord<byte[], byte[]>> records(int... ids) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            list.add(new ConsumerRecord<>("t", 0, i, null, ("r" + ids[i]).getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }

    @Test
    void shouldFindAPerfectCopy() {
        CopyAudit audit = CopyAudit.of(records(0, 1, 2, 3), records(0, 1, 2, 3));
        assertEquals("lost=0 duplicates=0 rewinds=0", audit.toString());
    }

    @Test
    void shouldCountARewindAndItsDuplicates() {
        CopyAudit audit = CopyAudit.of(records(0, 1, 2, 3, 4), records(0, 1, 2, 3, 2, 3, 4));
        assertEquals(0, audit.lost());
        assertEquals(2, audit.duplicates());
        assertEquals(1, audit.rewinds());
    }

    @Test
    void shouldCountSkippedAndMissingRecordsAsLost() {
        CopyAudit gap = CopyAudit.of(records(0, 1, 2, 3, 4), records(0, 1, 3, 4));
        assertEquals(1, gap.lost());
        CopyAudit tail = CopyAudit.of(records(0, 1, 2, 3, 4), records(0, 1, 2));
        assertEquals(2, tail.lost());
    }

    @Test
    void shouldNotCountRecordsRecoveredAfterARewindAsLost() {
        // 2 is skipped at first, then a rewind re-sends it: nothing is missing at the end, but the skip is reported.
        CopyAudit audit = CopyAudit.of(records(0, 1, 2, 3), records(0, 1, 3, 2, 3));
        assertEquals(0, audit.lost());
        assertEquals(1, audit.rewinds());
        assertEquals(1, audit.problems().size(), "the skip is still reported: " + audit.problems());
    }
}
