package dev.tandem.source.records;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.Map;

/**
 * A record on its way to the remote topic that remembers where it came from, so the acknowledgement path
 * ({@code commitRecord}, once per record) reads two fields instead of unpacking Connect's maps.
 */
public final class MirroredRecord extends SourceRecord {

    private final TopicPartition sourceTopicPartition;
    private final long upstreamOffset;

    MirroredRecord(TopicPartition sourceTopicPartition, long upstreamOffset, Map<String, ?> sourcePartition,
                   Map<String, ?> sourceOffset, String topic, Integer partition, Schema keySchema, Object key,
                   Schema valueSchema, Object value, Long timestamp, Headers headers) {
        super(sourcePartition, sourceOffset, topic, partition, keySchema, key, valueSchema, value, timestamp, headers);
        this.sourceTopicPartition = sourceTopicPartition;
        this.upstreamOffset = upstreamOffset;
    }

    public TopicPartition sourceTopicPartition() {
        return sourceTopicPartition;
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
