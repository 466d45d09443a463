package dev.tandem.source.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The user's auto.offset.reset, applied by the task to partitions with no committed offset. */
class StartingPositionsTest {

    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    private static MockConsumer<byte[], byte[]> consumerOf(long start, long end) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
        consumer.assign(List.of(ORDERS));
        consumer.updateBeginningOffsets(Map.of(ORDERS, start));
        consumer.updateEndOffsets(Map.of(ORDERS, end));
        return consumer;
    }

    @Test
    void shouldStartNewPartitionsWhereTheUserSays() {
        MockConsumer<byte[], byte[]> earliest = consumerOf(40, 100);
        StartingPositions.of(Map.of()).position(earliest, List.of(ORDERS), Duration.ofSeconds(1));
        assertEquals(40, earliest.position(ORDERS), "earliest by default, as MirrorMaker 2");

        MockConsumer<byte[], byte[]> latest = consumerOf(40, 100);
        StartingPositions.of(Map.of("auto.offset.reset", "latest"))
                .position(latest, List.of(ORDERS), Duration.ofSeconds(1));
        assertEquals(100, latest.position(ORDERS), "only new records");
    }

    @Test
    void shouldSeekToLookedUpOffsetsAndLeaveTheRestToTheConsumer() {
        TopicPartition other = new TopicPartition("orders", 1);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
        consumer.assign(List.of(ORDERS, other));
        consumer.updateBeginningOffsets(Map.of(ORDERS, 40L, other, 7L));
        List<OffsetSpec> asked = new ArrayList<>();
        StartingPositions.of(Map.of())
                .lookingUpWith((partitions, spec) -> {
                    asked.add(spec);
                    return Map.of(ORDERS, 42L); // the lookup's answer differs from the consumer's, to tell them apart
                })
                .position(consumer, List.of(ORDERS, other), Duration.ofSeconds(1));
        assertEquals(42, consumer.position(ORDERS), "sought to the offset looked up");
        assertEquals(7, consumer.position(other), "not answered: the consumer finds its first offset");
        assertEquals(1, asked.size());
        assertTrue(asked.get(0) instanceof OffsetSpec.EarliestSpec, "earliest asked for: " + asked);

        MockConsumer<byte[], byte[]> latest = consumerOf(40, 100);
        StartingPositions.of(Map.of("auto.offset.reset", "latest"))
                .lookingUpWith((partitions, spec) -> {
                    throw new IllegalStateException("source unreachable");
                })
                .position(latest, List.of(ORDERS), Duration.ofSeconds(1));
        assertEquals(100, latest.position(ORDERS), "a failed lookup leaves every partition to the consumer");
    }

    @Test
    void shouldNameTheKeyOfAPolicyItDoesNotKnow() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> StartingPositions.of(Map.of("auto.offset.reset", "earlist")));
        assertTrue(e.getMessage().contains("source.consumer.auto.offset.reset"), e.getMessage());
        assertTrue(e.getMessage().contains("earlist"), e.getMessage());
        assertThrows(ConfigException.class, () -> StartingPositions.of(Map.of("auto.offset.reset", "by_duration:1h")));
        assertEquals(
                "by_duration:PT1H",
                StartingPositions.of(Map.of("auto.offset.reset", "by_duration:PT1H"))
                        .toString());
    }
}
