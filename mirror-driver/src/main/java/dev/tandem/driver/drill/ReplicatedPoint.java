package dev.tandem.driver.drill;

import dev.tandem.client.records.OffsetSync;
import dev.tandem.client.records.ReplicationPosition;
import java.util.Optional;

/**
 * The next offset of a source partition that its remote partition does not have, from the newest known copied
 * record (a replication position or an offset sync, whichever lies further) and the remote partition's end now.
 * Records copied after that point are counted one for one, which is exact when the source has no gaps there
 * (compaction, transaction markers); {@link #exact} says whether any had to be counted.
 */
record ReplicatedPoint(long upstreamNext, long downstreamNext, boolean exact) {

    /** Null when nothing is known: no position, no sync, or no remote partition. */
    static ReplicatedPoint of(ReplicationPosition position, Optional<OffsetSync> newestSync, Long targetEnd) {
        if (targetEnd == null) {
            return null;
        }
        long up = -1;
        long down = -1;
        if (position != null && position.downstreamNext() >= 0) {
            up = position.upstreamNext();
            down = position.downstreamNext();
        }
        if (newestSync.isPresent() && newestSync.get().downstreamOffset() + 1 > down) {
            up = newestSync.get().upstreamOffset() + 1;
            down = newestSync.get().downstreamOffset() + 1;
        }
        if (down < 0) {
            // A task that restarted and copied nothing since knows where it resumes, not where that lands.
            return position == null ? null : new ReplicatedPoint(position.upstreamNext(), targetEnd, false);
        }
        return new ReplicatedPoint(up + Math.max(0, targetEnd - down), targetEnd, targetEnd == down);
    }
}
