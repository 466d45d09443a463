package dev.tandem.source.records;

import dev.tandem.client.metrics.MirrorMetrics;

import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * What a task knows of one source partition it copies: its Connect source-partition key and remote topic (built
 * once), its meter, and the last record the target acknowledged (written on the producer's callback thread, read
 * on the task's).
 */
public final class PartitionState {

    private final TopicPartition sourcePartition;
    private final Map<String, Object> connectPartition;
    private final String remoteTopic;
    private final MirrorMetrics.PartitionMeter meter;
    private volatile long lastAckedOffset = -1;
    private volatile long lastAckedTimestamp = -1;
    private volatile long startOffset = -1;

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

    /** Called for each acknowledged record, in order. */
    public void acknowledged(long upstreamOffset, long timestamp) {
        lastAckedOffset = upstreamOffset;
        lastAckedTimestamp = timestamp;
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
