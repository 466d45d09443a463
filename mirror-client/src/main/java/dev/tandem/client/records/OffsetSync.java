package dev.tandem.client.records;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * One point of the upstream-to-downstream offset mapping of a replicated partition: the record at
 * {@code upstreamOffset} in the source topic was written at {@code downstreamOffset} in the remote topic.
 *
 * <p>Wire format (MM2's): key = topic STRING, partition INT32; value = upstreamOffset INT64, offset INT64.
 * The topic is the source topic's name, as it is on the source cluster.
 */
public record OffsetSync(TopicPartition topicPartition, long upstreamOffset, long downstreamOffset) {

    public OffsetSync {
        Objects.requireNonNull(topicPartition, "topicPartition");
    }

    public byte[] keyBytes() {
        byte[] topic = ProtocolBytes.utf8("offset sync topic", topicPartition.topic());
        ByteBuffer buffer = ByteBuffer.allocate(ProtocolBytes.stringSize(topic) + Integer.BYTES);
        ProtocolBytes.putString(buffer, topic);
        buffer.putInt(topicPartition.partition());
        return buffer.array();
    }

    public byte[] valueBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(2 * Long.BYTES);
        buffer.putLong(upstreamOffset);
        buffer.putLong(downstreamOffset);
        return buffer.array();
    }

    public static OffsetSync decode(byte[] key, byte[] value) {
        TopicPartition tp = ProtocolBytes.decode(
                "offset sync key",
                key,
                b -> new TopicPartition(ProtocolBytes.getString(b, "offset sync topic"), b.getInt()));
        long[] offsets = ProtocolBytes.decode("offset sync value", value, b -> new long[] {b.getLong(), b.getLong()});
        return new OffsetSync(tp, offsets[0], offsets[1]);
    }
}
