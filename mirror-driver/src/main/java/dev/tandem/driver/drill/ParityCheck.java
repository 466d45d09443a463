package dev.tandem.driver.drill;

import dev.tandem.client.offsets.OffsetSyncStore;
import dev.tandem.client.records.OffsetSync;
import dev.tandem.driver.drill.DrillReport.Parity;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Compares the replicated range of one partition on both clusters: from the oldest offset the syncs can translate
 * (and both clusters still hold) up to what is replicated, the number of records and a checksum of their keys,
 * values and headers in order. Equal on both sides means the copy is complete and unchanged.
 */
final class ParityCheck {

    private ParityCheck() {}

    static Parity of(
            TopicPartition tp,
            TopicPartition remote,
            OffsetSyncStore forward,
            ReplicatedPoint replicated,
            Long sourceStart,
            Long targetStart,
            Long targetEnd,
            RecordScanner onFrom,
            RecordScanner onTo) {
        if (replicated == null || targetEnd == null || targetStart == null) {
            return skipped("nothing replicated yet");
        }
        if (!replicated.exact()) {
            return skipped("replication is in progress; run again when the lag is 0");
        }
        Optional<OffsetSync> oldest = forward == null ? Optional.empty() : forward.oldest(tp);
        if (oldest.isEmpty()) {
            return skipped("no offset syncs to align the two ranges");
        }
        long upStart = Math.max(oldest.get().upstreamOffset(), sourceStart == null ? 0 : sourceStart);
        OptionalLong downStart = forward.translateDownstream(tp, upStart);
        if (downStart.isPresent() && downStart.getAsLong() < targetStart) {
            // retention removed the start on the target: begin where both still have records
            OptionalLong up = forward.translateUpstream(tp, targetStart);
            if (up.isEmpty()) {
                return skipped("the target's oldest record is older than every offset sync");
            }
            upStart = up.getAsLong();
            downStart = forward.translateDownstream(tp, upStart);
        }
        if (downStart.isEmpty()) {
            return skipped("the source's oldest record is older than every offset sync");
        }
        RecordScanner.Digest source = onFrom.digest(tp, upStart, replicated.upstreamNext());
        RecordScanner.Digest target = onTo.digest(remote, downStart.getAsLong(), targetEnd);
        boolean matches =
                source.records() == target.records() && source.checksum().equals(target.checksum());
        return new Parity(
                true,
                source.records(),
                target.records(),
                source.checksum(),
                target.checksum(),
                upStart,
                replicated.upstreamNext(),
                matches,
                matches ? "identical" : "DIFFERENT");
    }

    private static Parity skipped(String why) {
        return new Parity(false, 0, 0, null, null, -1, -1, false, "not checked: " + why);
    }
}
