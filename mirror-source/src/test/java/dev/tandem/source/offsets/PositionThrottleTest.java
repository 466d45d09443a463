package dev.tandem.source.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.ReplicationPosition;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PositionThrottleTest {

    private static ReplicationPosition at(TopicPartition tp, long upstreamNext, long now) {
        return new ReplicationPosition(tp, upstreamNext, upstreamNext, upstreamNext, now, now);
    }

    @Test
    void shouldWriteEveryMoveAndRefreshAFewIdlePartitionsEveryTenSeconds() {
        PositionThrottle throttle = new PositionThrottle(10_000);
        TopicPartition tp = new TopicPartition("orders", 0);
        assertTrue(throttle.due(at(tp, 5, 0)));
        assertTrue(throttle.due(at(tp, 6, 1_000)), "moved");
        assertFalse(throttle.due(at(tp, 6, 2_000)), "same, and recent");
        assertFalse(throttle.due(at(tp, 6, 10_999)));
        assertTrue(throttle.due(at(tp, 6, 11_000)), "refresh");
    }

    @Test
    void shouldKeepIdleRefreshesOfAThousandPartitionsUnderTwentyAMinuteOnAverage() {
        PositionThrottle throttle = new PositionThrottle(10_000);
        int partitions = 1_000;
        for (int p = 0; p < partitions; p++) {
            // They last moved at different times, as partitions do.
            assertTrue(throttle.due(at(new TopicPartition("t", p), 100, -p * 1_000L)));
        }
        int refreshes = 0;
        // The task offers every partition's position once a second (TaskProgress); two idle hours.
        for (long now = 1_000; now <= 7_200_000; now += 1_000) {
            for (int p = 0; p < partitions; p++) {
                if (throttle.due(at(new TopicPartition("t", p), 100, now))) {
                    refreshes++;
                }
            }
        }
        assertTrue(refreshes <= 120 * 20, refreshes + " refreshes in two idle hours");
        assertTrue(refreshes > 0, "an idle partition is still refreshed now and then");
    }

    @Test
    void shouldShortenTheRefreshAgainWhenPartitionsAreDropped() {
        PositionThrottle throttle = new PositionThrottle(10_000);
        for (int p = 0; p < 100; p++) {
            throttle.due(at(new TopicPartition("t", p), 1, 0));
        }
        assertEquals(300_000, throttle.refreshIntervalMs());
        for (int p = 1; p < 100; p++) {
            throttle.forget(new TopicPartition("t", p));
        }
        assertEquals(10_000, throttle.refreshIntervalMs());
    }
}
