package dev.tandem.common.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZeroOnlyOffsetsTest {

    private static final Map<String, Class<?>> CHECKPOINT = keys();

    private static Map<String, Class<?>> keys() {
        Map<String, Class<?>> keys = new LinkedHashMap<>();
        keys.put("group", String.class);
        keys.put("topic", String.class);
        keys.put("partition", Integer.class);
        return keys;
    }

    @Test
    void shouldTakeZeroOrAResetForWellFormedPartitions() {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(Map.of("group", "billing", "topic", "orders", "partition", 0), Map.of("offset", 0));
        offsets.put(Map.of("group", "billing", "topic", "orders", "partition", 1L), Map.of("offset", 0L));
        offsets.put(Map.of("group", "billing", "topic", "orders", "partition", 2), null);
        offsets.put(Map.of("partition", -1), null); // a reset cleans up even a malformed partition, as MM2's
        assertEquals(Optional.empty(), ZeroOnlyOffsets.problem(offsets, CHECKPOINT, "the checkpoint connector"));
    }

    @Test
    void shouldRefuseAnyOtherOffsetNamingIt() {
        String message = refused(Map.of("group", "billing", "topic", "orders", "partition", 0), Map.of("offset", 5));
        assertTrue(message.contains("{offset=5}") && message.contains("only {\"offset\": 0} or null"), message);
        message = refused(Map.of("group", "billing", "topic", "orders", "partition", 0), Map.of("offset", "0"));
        assertTrue(message.contains("only {\"offset\": 0}"), message);
        message = refused(Map.of("group", "billing", "topic", "orders", "partition", 0), Map.of("position", 0));
        assertTrue(message.contains("{position=0}"), message);
    }

    @Test
    void shouldRefuseMissingOrMistypedKeysNamingThem() {
        String message = refused(Map.of("group", "billing", "partition", 0), Map.of("offset", 0));
        assertTrue(message.contains("\"topic\" missing") && message.contains("non-empty string"), message);
        message = refused(Map.of("group", "billing", "topic", "orders", "partition", -1), Map.of("offset", 0));
        assertTrue(message.contains("\"partition\" -1") && message.contains("non-negative integer"), message);
        message = refused(Map.of("group", "billing", "topic", "orders", "partition", "abc"), Map.of("offset", 0));
        assertTrue(message.contains("\"partition\" \"abc\""), message);
        message = refused(Map.of("group", 7, "topic", "orders", "partition", 0), Map.of("offset", 0));
        assertTrue(message.contains("\"group\" 7"), message);
        assertTrue(
                message.contains("{\"group\": \"...\", \"topic\": \"...\", \"partition\": N}"),
                "says the shape: " + message);
        Map<Map<String, ?>, Map<String, ?>> nullPartition = new HashMap<>();
        nullPartition.put(null, Map.of("offset", 0));
        assertTrue(ZeroOnlyOffsets.problem(nullPartition, CHECKPOINT, "it")
                .orElseThrow()
                .contains("is null"));
    }

    private static String refused(Map<String, ?> partition, Map<String, ?> offset) {
        Map<Map<String, ?>, Map<String, ?>> offsets = new HashMap<>();
        offsets.put(partition, offset);
        return ZeroOnlyOffsets.problem(offsets, CHECKPOINT, "the checkpoint connector")
                .orElseThrow(() -> new AssertionError(partition + " " + offset + " was taken"));
    }
}
