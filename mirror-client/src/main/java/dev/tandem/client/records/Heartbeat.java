package dev.tandem.client.records;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Proof that the flow {@code sourceClusterAlias -> targetClusterAlias} was alive at {@code timestampMs}.
 *
 * <p>Wire format (MM2's): key = sourceClusterAlias STRING, targetClusterAlias STRING; value = version INT16 (0),
 * timestamp INT64.
 */
public record Heartbeat(String sourceClusterAlias, String targetClusterAlias, long timestampMs) {

    public static final short VERSION = 0;

    public Heartbeat {
        Objects.requireNonNull(sourceClusterAlias, "sourceClusterAlias");
        Objects.requireNonNull(targetClusterAlias, "targetClusterAlias");
    }

    public byte[] keyBytes() {
        byte[] source = ProtocolBytes.utf8("heartbeat source alias", sourceClusterAlias);
        byte[] target = ProtocolBytes.utf8("heartbeat target alias", targetClusterAlias);
        ByteBuffer buffer = ByteBuffer.allocate(ProtocolBytes.stringSize(source) + ProtocolBytes.stringSize(target));
        ProtocolBytes.putString(buffer, source);
        ProtocolBytes.putString(buffer, target);
        return buffer.array();
    }

    public byte[] valueBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(Short.BYTES + Long.BYTES);
        buffer.putShort(VERSION);
        buffer.putLong(timestampMs);
        return buffer.array();
    }

    public static Heartbeat decode(byte[] key, byte[] value) {
        String[] aliases = ProtocolBytes.decode("heartbeat key", key, b -> new String[] {
            ProtocolBytes.getString(b, "heartbeat source alias"), ProtocolBytes.getString(b, "heartbeat target alias")
        });
        long timestamp = ProtocolBytes.decode("heartbeat value", value, b -> {
            short version = b.getShort();
            if (version != VERSION) {
                throw new IllegalArgumentException(
                        "heartbeat value has version " + version + "; this Tandem reads version " + VERSION);
            }
            return b.getLong();
        });
        return new Heartbeat(aliases[0], aliases[1], timestamp);
    }
}
