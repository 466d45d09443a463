package dev.tandem.source.records;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record on its way to the remote topic that remembers where it came from, so the acknowledgement path
 * ({@code commitRecord}, once per record) reads fields instead of unpacking Connect's maps.
 */
public final class MirroredRecord extends SourceRecord {

    private final PartitionState state;
    private final long upstreamOffset;
    private final int bytes;

    MirroredRecord(
            PartitionState state,
            long upstreamOffset,
            int bytes,
            Map<String, ?> sourcePartition,
            Map<String, ?> sourceOffset,
            String topic,
            Integer partition,
            Schema keySchema,
            Object key,
            Schema valueSchema,
            Object value,
            Long timestamp,
            Headers headers) {
        super(sourcePartition, sourceOffset, topic, partition, keySchema, key, valueSchema, value, timestamp, headers);
        this.state = state;
        this.upstreamOffset = upstreamOffset;
        this.bytes = bytes;
    }

    public TopicPartition sourceTopicPartition() {
        return state.sourcePartition();
    }

    /** The state of the partition it came from. */
    public PartitionState state() {
        return state;
    }

    /** Serialized key and value size on the source. */
    public int bytes() {
        return bytes;
    }

    public long upstreamOffset() {
        return upstreamOffset;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o); // the extra fields are derived from the source partition and offset
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
