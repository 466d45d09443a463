package dev.tandem.client.records;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * How far one source partition is replicated, as its source task last saw it: the next source offset not yet on
 * the target, where the next copied record will land, and the source's end offset from the task's last fetch. Kept
 * on the target ({@code tandem-positions.<source>.internal}), so that when the source cluster is gone the target
 * still knows how many records it did not get: the recovery point of a failover.
 *
 * <p>Tandem's own format (MirrorMaker 2 has no such record): key = topic STRING, partition INT32 (the topic as named
 * on the source); value = version INT16 (0), upstreamNext INT64, downstreamNext INT64 (-1 when no record was copied
 * since the task started), sourceEnd INT64 (-1 when not fetched yet), observedAt INT64 (ms), lastRecordTimestamp
 * INT64 (the newest copied record's timestamp, -1 when none). Version 1 adds the source topic's id (UUID, 16 bytes; a
 * topic deleted and made again under the same name has a new id, and offsets of the old one say nothing about it) and
 * lostRecords INT64 (records of the partition gone from the source before they were copied, in all, as far as the
 * copy knows). Version 0 is still written when neither is known, so an older Tandem reads it.
 */
public record ReplicationPosition(
        TopicPartition topicPartition,
        long upstreamNext,
        long downstreamNext,
        long sourceEnd,
        long observedAt,
        long lastRecordTimestamp,
        Uuid topicId,
        long lostRecords) {

    public static final short VERSION = 0;
    /** With the source topic's id and the records lost. */
    public static final short VERSION_WITH_TOPIC_ID = 1;

    private static final int VALUE_SIZE = Short.BYTES + 5 * Long.BYTES;

    public ReplicationPosition {
        Objects.requireNonNull(topicPartition, "topicPartition");
        Objects.requireNonNull(topicId, "topicId");
    }

    /** A position whose source topic id is not known ({@link Uuid#ZERO_UUID}). */
    public ReplicationPosition(
            TopicPartition topicPartition,
            long upstreamNext,
            long downstreamNext,
            long sourceEnd,
            long observedAt,
            long lastRecordTimestamp) {
        this(
                topicPartition,
                upstreamNext,
                downstreamNext,
                sourceEnd,
                observedAt,
                lastRecordTimestamp,
                Uuid.ZERO_UUID,
                0);
    }

    /** Whether the source topic's id is known. */
    public boolean hasTopicId() {
        return !Uuid.ZERO_UUID.equals(topicId);
    }

    /** Records on the source the target did not have when this was observed; -1 when the source end is unknown. */
    public long lagRecords() {
        return sourceEnd < 0 ? -1 : Math.max(0, sourceEnd - upstreamNext);
    }

    /** True when nothing but the observation time differs from {@code other}. */
    public boolean sameProgress(ReplicationPosition other) {
        return other != null
                && topicPartition.equals(other.topicPartition)
                && upstreamNext == other.upstreamNext
                && downstreamNext == other.downstreamNext
                && sourceEnd == other.sourceEnd;
    }

    public byte[] keyBytes() {
        return new OffsetSync(topicPartition, 0, 0).keyBytes(); // the same key layout as an offset sync
    }

    public byte[] valueBytes() {
        boolean withId = hasTopicId() || lostRecords > 0;
        ByteBuffer buffer = ByteBuffer.allocate(VALUE_SIZE + (withId ? 3 * Long.BYTES : 0));
        buffer.putShort(withId ? VERSION_WITH_TOPIC_ID : VERSION);
        buffer.putLong(upstreamNext);
        buffer.putLong(downstreamNext);
        buffer.putLong(sourceEnd);
        buffer.putLong(observedAt);
        buffer.putLong(lastRecordTimestamp);
        if (withId) {
            buffer.putLong(topicId.getMostSignificantBits());
            buffer.putLong(topicId.getLeastSignificantBits());
            buffer.putLong(lostRecords);
        }
        return buffer.array();
    }

    /** The source partition a position record is about; a tombstone (null value) has only this. */
    public static TopicPartition decodeKey(byte[] key) {
        return ProtocolBytes.decode(
                "replication position key",
                key,
                b -> new TopicPartition(ProtocolBytes.getString(b, "replication position topic"), b.getInt()));
    }

    public static ReplicationPosition decode(byte[] key, byte[] value) {
        TopicPartition tp = decodeKey(key);
        long[] v = ProtocolBytes.decode("replication position value", value, b -> {
            short version = b.getShort();
            if (version != VERSION && version != VERSION_WITH_TOPIC_ID) {
                throw new IllegalArgumentException("replication position has version " + version
                        + "; this Tandem reads versions " + VERSION + " and " + VERSION_WITH_TOPIC_ID);
            }
            long[] fields = new long[] {b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong(), 0, 0, 0};
            if (version == VERSION_WITH_TOPIC_ID) {
                fields[5] = b.getLong();
                fields[6] = b.getLong();
                fields[7] = b.getLong();
            }
            return fields;
        });
        return new ReplicationPosition(tp, v[0], v[1], v[2], v[3], v[4], new Uuid(v[5], v[6]), v[7]);
    }
}
