package dev.tandem.source.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

class SourcePartitionKeyTest {

    /** The key MirrorMaker 2 4.3.1 commits offsets under (its MirrorUtils.wrapPartition builds a HashMap this way). */
    private static Map<String, Object> mirrorMakerKey(String alias, TopicPartition tp) {
        Map<String, Object> key = new HashMap<>();
        key.put("topic", tp.topic());
        key.put("partition", tp.partition());
        key.put("cluster", alias);
        return key;
    }

    /** Serialized as Connect's offset store serializes a key to look it up: JSON, no schema, under the connector's name. */
    private static byte[] offsetStoreKey(String connector, Map<String, Object> partition) {
        try (JsonConverter converter = new JsonConverter()) {
            converter.configure(Map.of("schemas.enable", "false"), true);
            return converter.fromConnectData(connector, null, Arrays.asList(connector, partition));
        }
    }

    @Test
    void shouldSerializeToTheBytesMirrorMaker2StoresItsOffsetsUnder() {
        for (TopicPartition tp :
                new TopicPartition[] {new TopicPartition("orders", 0), new TopicPartition("a.b-c_d", 117)}) {
            Map<String, Object> tandem = RecordConverter.sourcePartition("us-east", tp);
            Map<String, Object> mm2 = mirrorMakerKey("us-east", tp);
            assertArrayEquals(
                    offsetStoreKey("A->B.source", mm2),
                    offsetStoreKey("A->B.source", tandem),
                    () -> new String(offsetStoreKey("A->B.source", tandem)) + " vs MM2's "
                            + new String(offsetStoreKey("A->B.source", mm2)));
        }
    }

    @Test
    void shouldEqualAndHashAsAPlainMapWithTheSameEntries() {
        TopicPartition tp = new TopicPartition("orders", 3);
        Map<String, Object> key = RecordConverter.sourcePartition("A", tp);
        Map<String, Object> plain = mirrorMakerKey("A", tp);
        assertEquals(plain, key);
        assertEquals(key, plain);
        assertEquals(plain.hashCode(), key.hashCode());
        assertEquals(key, RecordConverter.sourcePartition("A", tp));
        assertNotEquals(key, RecordConverter.sourcePartition("A", new TopicPartition("orders", 4)));
        assertNotEquals(key, RecordConverter.sourcePartition("B", tp));
        assertEquals(3, key.get("partition"));
        assertEquals("orders", key.get("topic"));
        assertEquals("A", key.get("cluster"));
    }

    @Test
    void shouldRefuseChanges() {
        Map<String, Object> key = RecordConverter.sourcePartition("A", new TopicPartition("orders", 0));
        assertThrows(UnsupportedOperationException.class, () -> key.put("topic", "other"));
        assertThrows(UnsupportedOperationException.class, () -> key.entrySet().clear());
    }
}
