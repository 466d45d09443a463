package dev.tandem.source.records;

import dev.tandem.client.metrics.MirrorMetrics;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

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
    private volatile long lastAckedOffset = -1;
    private volatile long lastAckedTimestamp = -1;
    private volatile long startOffset = -1;
    private volatile long ackedRecords;
    private volatile long ackedBytes;
    private volatile long lastAckLatencyMs;
    private long reportedRecords;
    private long reportedBytes;

    PartitionState(TopicPartition sourcePartition, Map<String, Object> connectPartition, String remoteTopic,
                   MirrorMetrics.PartitionMeter meter) {
        this.sourcePartition = sourcePartition;
        this.connectPartition = connectPartition;
        this.remoteTopic = remoteTopic;
        this.meter = meter;
    }

    public TopicPartition sourcePartition() {
        return sourcePartition;
    }

    Map<String, Object> connectPartition() {
        return connectPartition;
    }

    String remoteTopic() {
        return remoteTopic;
    }

    public MirrorMetrics.PartitionMeter meter() {
        return meter;
    }

    /** Called for each acknowledged record, in order, on the producer's I/O thread (the only writer, so the
     * non-atomic increments of the volatile counters are safe). */
    public void acknowledged(long upstreamOffset, long timestamp, int bytes, long nowMs) {
        lastAckedOffset = upstreamOffset;
        lastAckedTimestamp = timestamp;
        ackedRecords = ackedRecords + 1;
        ackedBytes = ackedBytes + bytes;
        lastAckLatencyMs = nowMs - timestamp;
    }

    /** Reports what was acknowledged since the last call to the meter. Call from one thread (the task's). */
    public void reportCopied() {
        long records = ackedRecords;
        long bytes = ackedBytes;
        if (records != reportedRecords) {
            meter.copied(records - reportedRecords, bytes - reportedBytes, lastAckLatencyMs);
            reportedRecords = records;
            reportedBytes = bytes;
        }
    }

    /** The offset copying started from, for lag before the first acknowledgement. */
    public void startedAt(long offset) {
        startOffset = offset;
    }

    /** The next source offset not yet on the target. */
    public long replicatedUpTo() {
        long acked = lastAckedOffset;
        return acked >= 0 ? acked + 1 : startOffset;
    }

    public long lastAckedTimestamp() {
        return lastAckedTimestamp;
    }
}
