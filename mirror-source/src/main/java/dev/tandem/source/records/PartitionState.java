package dev.tandem.source.records;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.common.metrics.MirrorMetrics;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * What a task knows of one source partition it copies: its Connect source-partition key and remote topic (built
 * once), its meter, and the last record the target acknowledged.
 *
 * <p>Acknowledgements arrive on the task producer's I/O thread, one writer, so plain volatile counters suffice; the
 * task's own thread reads them and reports the difference to the meter in batches ({@link #reportCopied}), which
 * keeps metrics off the per-record path.
 */
public final class PartitionState {

    private final TopicPartition sourcePartition;
    private final Map<String, Object> connectPartition;
    private final String remoteTopic;
    private final MirrorMetrics.PartitionMeter meter;
    /** The last acknowledged record, published as one object so a reader never pairs offsets of two records. */
    private volatile Acked lastAcked;
    /**
     * Where the copy stood at the start, read back from the positions topic: published as the replicated position
     * until the first acknowledgement, never compared with acknowledgements (a copy started again elsewhere, or a
     * replaced remote topic, decides nothing from it).
     */
    private volatile Acked resumedFrom;

    /** The newest gap found in the source partition since the start; null when none. */
    private volatile Gap gap;
    /** The offset of the newest record polled from the source since the start (task thread); -1 before the first. */
    private volatile long lastPolled = -1;
    /** When records of this partition were last polled, or it was taken up (task thread, ms). */
    private long lastPolledAtMs;

    private long newestWrittenAtMs = Long.MAX_VALUE;

    private volatile long startOffset = -1;
    /** The source topic's id as the connector last assigned it; zero when not known. Task thread. */
    private Uuid topicId = Uuid.ZERO_UUID;

    private volatile long ackedRecords;
    private volatile long ackedBytes;
    private volatile long lastAckLatencyMs;
    private volatile boolean copyFailed;
    private long sourceEnd = -1;
    private long sourceEndSeenAt = -1;
    private long lostRecords;
    private long reportedRecords;
    private long reportedBytes;

    PartitionState(
            TopicPartition sourcePartition,
            Map<String, Object> connectPartition,
            String remoteTopic,
            MirrorMetrics.PartitionMeter meter) {
        this.sourcePartition = sourcePartition;
        this.connectPartition = connectPartition;
        this.remoteTopic = remoteTopic;
        this.meter = meter;
    }

    public TopicPartition sourcePartition() {
        return sourcePartition;
    }

    /** Connect's source partition key, MirrorMaker 2's {@code {cluster, partition, topic}}. */
    public Map<String, Object> connectPartition() {
        return connectPartition;
    }

    public String remoteTopic() {
        return remoteTopic;
    }

    public MirrorMetrics.PartitionMeter meter() {
        return meter;
    }

    /**
     * Called for each acknowledged record, in order, on the producer's I/O thread (the only writer, so the
     * non-atomic increments of the volatile counters are safe).
     *
     * @return true when the record landed at or before the previous record's target offset: offsets only grow in
     *         one topic, so the remote topic was deleted and a new one took its name
     */
    public boolean acknowledged(long upstreamOffset, long downstreamOffset, long timestamp, int bytes, long nowMs) {
        Acked previous = lastAcked;
        boolean newRemoteTopic = previous != null && downstreamOffset <= previous.downstream;
        lastAcked = new Acked(upstreamOffset, downstreamOffset, timestamp);
        ackedRecords = ackedRecords + 1;
        ackedBytes = ackedBytes + bytes;
        lastAckLatencyMs = nowMs - timestamp;
        return newRemoteTopic;
    }

    /**
     * The target refused a copy of this partition: the replicated position stays before it from now on, so no
     * later acknowledgement can report the refused record as copied. The task fails and starts again from there.
     */
    public void markCopyFailed() {
        copyFailed = true;
    }

    public boolean copyFailed() {
        return copyFailed;
    }

    /**
     * Reports what was acknowledged since the last call to the meter; returns whether there was any. Call from one
     * thread (the task's).
     */
    public boolean reportCopied() {
        long records = ackedRecords;
        long bytes = ackedBytes;
        if (records == reportedRecords) {
            return false;
        }
        meter.copied(records - reportedRecords, bytes - reportedBytes, lastAckLatencyMs);
        reportedRecords = records;
        reportedBytes = bytes;
        return true;
    }

    /** The source's end offset as of the last fetch (task thread only); -1 until one is known. */
    public long sourceEnd() {
        return sourceEnd;
    }

    public void sourceEnd(long end) {
        sourceEnd = end;
    }

    /**
     * Records of this partition gone from the source before they were copied, in all: those the copy found since the
     * start and those the positions said before ({@link #lostBefore}). Task thread.
     */
    public long lostRecords() {
        return lostRecords;
    }

    /** {@code count} more records were gone before they were copied (task thread). */
    public void lost(long count) {
        lostRecords += count;
    }

    /** What the positions topic said was lost before this start (task thread, at take-up). */
    public void lostBefore(long count) {
        lostRecords = Math.max(lostRecords, count);
    }

    /** When the source last answered a fetch that told the end (task thread); -1 before. */
    public long sourceEndSeenAt() {
        return sourceEndSeenAt;
    }

    public void sourceEndSeenAt(long atMs) {
        sourceEndSeenAt = atMs;
    }

    /** The offset copying started from, for lag before the first acknowledgement. */
    public void startedAt(long offset) {
        startOffset = offset;
        resumedFrom = null;
        gap = null;
    }

    /**
     * Copying starts again at {@code offset} in a new source topic of the same name: everything known of the old one's
     * copy is forgotten. Only while nothing of this partition is in flight (the task waits for its acknowledgements
     * first), since an acknowledgement of the old topic would otherwise be taken for one of the new.
     */
    public void restartedAt(long offset) {
        lastAcked = null;
        startedAt(offset);
        lastPolled = -1;
    }

    public Uuid topicId() {
        return topicId;
    }

    /** The source topic's id, as assigned (task thread). */
    public void topicId(Uuid id) {
        topicId = id;
    }

    /** The newest record polled from this partition (task thread, once per poll). */
    public void polledThrough(long offset) {
        lastPolled = offset;
    }

    /** It was taken up at {@code ms}: idle from then on, no record of it polled yet (task thread). */
    public void takenUpAt(long ms) {
        lastPolledAtMs = ms;
        newestWrittenAtMs = Long.MAX_VALUE;
    }

    /**
     * Records of this partition were polled at {@code ms}, the newest of them written at {@code writtenAtMs} (its
     * timestamp; negative when the record has none, as in the oldest message format) (task thread).
     */
    public void polledAt(long ms, long writtenAtMs) {
        lastPolledAtMs = ms;
        newestWrittenAtMs = writtenAtMs < 0 ? Long.MAX_VALUE : writtenAtMs;
    }

    /** When the newest record polled since the take-up was written; {@link Long#MAX_VALUE} if none or unknown. */
    public long newestWrittenAtMs() {
        return newestWrittenAtMs;
    }

    /** When records of this partition were last polled, or it was taken up (task thread). */
    public long lastPolledAtMs() {
        return lastPolledAtMs;
    }

    /**
     * The source no longer holds where the copy stood ({@code from}) and copying goes on at {@code to}. Once every
     * record polled before is acknowledged, the replicated position moves to {@code to}, so the records that are gone
     * count neither as lag nor, after a restart, as a gap found again.
     */
    public void movedPast(long from, long to) {
        gap = new Gap(from, to, lastPolled, lastAcked != null ? lastAcked : resumedFrom);
    }

    /**
     * Copying resumes at a position read back from the positions topic, which says where the last copied record
     * landed on the target: positions written from now on carry it, before any new acknowledgement, so the positions
     * topic never trades a known copy for a position with no copy (the next start would then copy again whatever
     * Connect had not committed).
     */
    public void resumedAt(ReplicationPosition position) {
        startOffset = position.upstreamNext();
        gap = null;
        resumedFrom = position.upstreamNext() > 0 && position.downstreamNext() > 0
                ? new Acked(position.upstreamNext() - 1, position.downstreamNext() - 1, position.lastRecordTimestamp())
                : null;
    }

    /**
     * The next source offset not yet on the target and where it will land there (-1 before the first
     * acknowledgement since the start): one consistent pair, both read from the same acknowledged record.
     */
    public long[] replicatedPosition() {
        Acked acked = lastAcked != null ? lastAcked : resumedFrom;
        long downstreamNext = acked != null ? acked.downstream + 1 : -1;
        Gap g = gap;
        if (g != null && g.copiedUpTo(acked)) {
            return new long[] {g.to, downstreamNext};
        }
        return acked != null ? new long[] {acked.upstream + 1, downstreamNext} : new long[] {startOffset, -1};
    }

    /** The target offset of the last acknowledged record; -1 before the first since the start. */
    public long lastAckedDownstream() {
        Acked acked = lastAcked;
        return acked == null ? -1 : acked.downstream;
    }

    /**
     * The timestamp of the last acknowledged record, or before the first since the start that of the last record of
     * the position resumed from; -1 when neither is known.
     */
    public long lastAckedTimestamp() {
        Acked acked = lastAcked != null ? lastAcked : resumedFrom;
        return acked == null ? -1 : acked.timestamp;
    }

    private record Acked(long upstream, long downstream, long timestamp) {}

    /**
     * Records from {@code from} were gone when the copy reached them; it went on at {@code to}. {@code lastPolled}
     * and {@code ackedAt}: the newest record polled and acknowledged then.
     */
    private record Gap(long from, long to, long lastPolled, Acked ackedAt) {
        /**
         * Whether {@code acked}, the newest acknowledgement, completes the copy up to the gap: nothing was polled
         * before it and nothing acknowledged since, or the newest record polled before it is the newest acknowledged.
         */
        boolean copiedUpTo(Acked acked) {
            return lastPolled < 0 ? acked == ackedAt : acked != null && acked.upstream == lastPolled;
        }
    }
}
