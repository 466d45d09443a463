package dev.tandem.driver.handback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.driver.config.Flow;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FlowHandBackTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private static final TopicPartition P2 = new TopicPartition("orders", 2);

    @Test
    void shouldWriteOnlyWhereTandemIsAheadOfMirrorMaker2() {
        FlowHandBack plan = new FlowHandBack(
                new Flow("A", "B"),
                "mm2-offsets.A.internal",
                Map.of(P0, 500L, P1, 300L, P2, 40L),
                Map.of(P0, 200L, P1, 300L));
        assertEquals(Map.of(P0, 500L, P2, 40L), plan.toWrite(), "MM2's equal offset is left alone");
        assertEquals(300 + 40, plan.recordsSpared());
    }

    @Test
    void shouldNeverMoveMirrorMaker2Back() {
        FlowHandBack plan =
                new FlowHandBack(new Flow("A", "B"), "mm2-offsets.A.internal", Map.of(P0, 100L), Map.of(P0, 150L));
        assertEquals(Map.of(), plan.toWrite());
        assertEquals(0, plan.recordsSpared());
    }
}
