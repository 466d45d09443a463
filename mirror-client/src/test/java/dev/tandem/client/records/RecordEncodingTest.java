package dev.tandem.client.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * Byte vectors written out by hand from MirrorMaker 2's formats (Kafka protocol types: STRING = INT16 length +
 * UTF-8, integers big-endian), so MM2's own readers and Tandem's agree byte for byte.
 */
class RecordEncodingTest {

    private static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    @Test
    void shouldEncodeOffsetSyncAsMirrorMakerDoes() {
        OffsetSync sync = new OffsetSync(new TopicPartition("orders", 3), 1234, 5678);
        // key: "orders" as STRING (0006 + bytes), partition 3 as INT32
        byte[] key = hex("0006 6f 72 64 65 72 73  00000003");
        // value: upstream 1234 (0x4d2), downstream 5678 (0x162e) as INT64
        byte[] value = hex("00000000000004d2  000000000000162e");
        assertArrayEquals(key, sync.keyBytes());
        assertArrayEquals(value, sync.valueBytes());
        assertEquals(sync, OffsetSync.decode(key, value));
    }

    @Test
    void shouldEncodeCheckpointAsMirrorMakerDoes() {
        Checkpoint checkpoint = new Checkpoint("g1", new TopicPartition("A.t", 1), 10, 7, "m");
        // key: group "g1", topic "A.t", partition 1
        byte[] key = hex("0002 67 31  0003 41 2e 74  00000001");
        // value: version 0 INT16, upstream 10, downstream 7, metadata "m"
        byte[] value = hex("0000  000000000000000a  0000000000000007  0001 6d");
        assertArrayEquals(key, checkpoint.keyBytes());
        assertArrayEquals(value, checkpoint.valueBytes());
        assertEquals(checkpoint, Checkpoint.decode(key, value));
    }

    @Test
    void shouldWriteNullCheckpointMetadataAsEmptyString() {
        Checkpoint checkpoint = new Checkpoint("g", new TopicPartition("t", 0), 1, 1, null);
        byte[] value = checkpoint.valueBytes();
        assertArrayEquals(hex("0000"), Arrays.copyOfRange(value, value.length - 2, value.length));
        assertEquals("", Checkpoint.decode(checkpoint.keyBytes(), value).metadata());
    }

    @Test
    void shouldEncodeReplicationPositionInItsDocumentedLayout() {
        ReplicationPosition position =
                new ReplicationPosition(new TopicPartition("orders", 3), 1234, 5678, 2000, 10, -1);
        // key as an offset sync's; value: version 0, upstreamNext, downstreamNext, sourceEnd, observedAt,
        // lastRecordTimestamp
        byte[] key = hex("0006 6f 72 64 65 72 73  00000003");
        byte[] value = hex("0000 00000000000004d2 000000000000162e 00000000000007d0 000000000000000a ffffffffffffffff");
        assertArrayEquals(key, position.keyBytes());
        assertArrayEquals(value, position.valueBytes());
        assertEquals(position, ReplicationPosition.decode(key, value));
        assertEquals(766, position.lagRecords(), "records on the source not on the target");
        assertEquals(
                -1, new ReplicationPosition(new TopicPartition("t", 0), 5, 5, -1, 0, 0).lagRecords(), "end unknown");
        IllegalArgumentException newer = assertThrows(
                IllegalArgumentException.class, () -> ReplicationPosition.decode(key, hex("0002" + "00".repeat(40))));
        assertTrue(newer.getMessage().contains("version 2"), newer.getMessage());

        // Version 1: the same, then the source topic's id and the records lost.
        ReplicationPosition withId = new ReplicationPosition(
                new TopicPartition("orders", 3), 1234, 5678, 2000, 10, -1, new Uuid(0x0102030405060708L, 9), 1000);
        byte[] valueWithId = hex("0001 00000000000004d2 000000000000162e 00000000000007d0 000000000000000a"
                + " ffffffffffffffff 0102030405060708 0000000000000009 00000000000003e8");
        assertArrayEquals(valueWithId, withId.valueBytes());
        assertEquals(withId, ReplicationPosition.decode(key, valueWithId));
        assertTrue(withId.hasTopicId());
        assertFalse(position.hasTopicId(), "an unknown id is written as version 0, which older readers take");
    }

    @Test
    void shouldEncodeHeartbeatAsMirrorMakerDoes() {
        Heartbeat heartbeat = new Heartbeat("A", "B", 1_700_000_000_000L);
        byte[] key = hex("0001 41  0001 42");
        // 1_700_000_000_000 = 0x18bcfe56800
        byte[] value = hex("0000  0000018bcfe56800");
        assertArrayEquals(key, heartbeat.keyBytes());
        assertArrayEquals(value, heartbeat.valueBytes());
        assertEquals(heartbeat, Heartbeat.decode(key, value));
    }

    @Test
    void shouldEncodeNonAsciiNamesAsUtf8() {
        OffsetSync sync = new OffsetSync(new TopicPartition("é", 0), 0, 0);
        assertArrayEquals(hex("0002 c3 a9  00000000"), sync.keyBytes());
    }

    @Test
    void shouldExplainTruncatedAndUnknownVersionRecords() {
        IllegalArgumentException truncated =
                assertThrows(IllegalArgumentException.class, () -> OffsetSync.decode(hex("0006 6f 72"), hex("00")));
        assertTrue(truncated.getMessage().contains("offset sync"), truncated.getMessage());
        IllegalArgumentException version = assertThrows(
                IllegalArgumentException.class,
                () -> Heartbeat.decode(hex("0001 41 0001 42"), hex("0001 0000018bcfe56800")));
        assertTrue(version.getMessage().contains("version 1"), version.getMessage());
    }
}
