package dev.tandem.client.records;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's committed offset on the source cluster, translated for the target cluster.
 *
 * <p>Wire format (MM2's): key = group STRING, topic STRING, partition INT32, where the topic is named as on the
 * target ({@code A.orders}, or {@code orders} when it came from the target); value = version INT16 (0),
 * upstreamOffset INT64, offset INT64, metadata STRING.
 */
public record Checkpoint(
        String consumerGroupId,
        TopicPartition topicPartition,
        long upstreamOffset,
        long downstreamOffset,
        String metadata) {

    public static final short VERSION = 0;

    public Checkpoint {
        Objects.requireNonNull(consumerGroupId, "consumerGroupId");
        Objects.requireNonNull(topicPartition, "topicPartition");
        metadata = metadata == null ? "" : metadata;
    }

    public byte[] keyBytes() {
        byte[] group = ProtocolBytes.utf8("checkpoint group", consumerGroupId);
        byte[] topic = ProtocolBytes.utf8("checkpoint topic", topicPartition.topic());
        ByteBuffer buffer =
                ByteBuffer.allocate(ProtocolBytes.stringSize(group) + ProtocolBytes.stringSize(topic) + Integer.BYTES);
        ProtocolBytes.putString(buffer, group);
        ProtocolBytes.putString(buffer, topic);
        buffer.putInt(topicPartition.partition());
        return buffer.array();
    }

    public byte[] valueBytes() {
        byte[] meta = ProtocolBytes.utf8("checkpoint metadata", metadata);
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES + 2 * Long.BYTES + ProtocolBytes.stringSize(meta));
        buffer.putShort(VERSION);
        buffer.putLong(upstreamOffset);
        buffer.putLong(downstreamOffset);
        ProtocolBytes.putString(buffer, meta);
        return buffer.array();
    }

    public static Checkpoint decode(byte[] key, byte[] value) {
        Object[] k = ProtocolBytes.decode("checkpoint key", key, b -> new Object[] {
            ProtocolBytes.getString(b, "checkpoint group"),
            new TopicPartition(ProtocolBytes.getString(b, "checkpoint topic"), b.getInt())
        });
        Object[] v = ProtocolBytes.decode("checkpoint value", value, b -> {
            short version = b.getShort();
            if (version != VERSION) {
                throw new IllegalArgumentException(
                        "checkpoint value has version " + version + "; this Tandem reads version " + VERSION);
            }
            return new Object[] {b.getLong(), b.getLong(), ProtocolBytes.getString(b, "checkpoint metadata")};
        });
        return new Checkpoint((String) k[0], (TopicPartition) k[1], (Long) v[0], (Long) v[1], (String) v[2]);
    }
}
