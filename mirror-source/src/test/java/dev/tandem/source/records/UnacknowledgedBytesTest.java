package dev.tandem.source.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class UnacknowledgedBytesTest {

    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int OVERHEAD = UnacknowledgedBytes.RECORD_OVERHEAD_BYTES;

    @Test
    void shouldNotWaitWithinTheLimit() {
        UnacknowledgedBytes limit = new UnacknowledgedBytes(1000 + OVERHEAD, frozenClock());
        limit.handedOver(1, 1000);
        limit.awaitRoom(); // a frozen clock never ends a wait: returning proves it did not wait
        assertEquals(1000 + OVERHEAD, limit.outstanding());
    }

    @Test
    void shouldWaitForEveryRecordInFlightWhenDraining() throws Exception {
        UnacknowledgedBytes limit = new UnacknowledgedBytes(0, frozenClock());
        limit.handedOver(2, 2000);
        boolean[] drained = new boolean[1];
        Thread stopping = new Thread(() -> drained[0] = limit.awaitDrained(Duration.ofDays(1)), "stopping task");
        stopping.start();
        awaitParked(stopping);
        limit.acknowledged(1000);
        assertTrue(stopping.isAlive(), "one record still in flight");
        limit.acknowledged(1000);
        stopping.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
        assertFalse(stopping.isAlive(), "returns once nothing is in flight");
        assertTrue(drained[0], "drained, not timed out");
    }

    @Test
    void shouldGiveUpDrainingAfterTheTimeout() {
        AtomicLong clock = new AtomicLong();
        UnacknowledgedBytes limit =
                new UnacknowledgedBytes(0, () -> clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(100)));
        limit.handedOver(1, 1000);
        assertFalse(
                limit.awaitDrained(Duration.ofSeconds(1)), "a record never acknowledged ends the wait at the timeout");
    }

    @Test
    void shouldWaitUntilAcknowledgementsMakeRoom() throws Exception {
        // Three records of 1,000 bytes; room for one.
        UnacknowledgedBytes limit = new UnacknowledgedBytes(1000 + OVERHEAD, frozenClock());
        limit.handedOver(3, 3000);
        Thread task = new Thread(limit::awaitRoom, "task");
        task.start();
        awaitParked(task);

        limit.acknowledged(1000);
        assertTrue(task.isAlive(), "two records outstanding are still over the limit of one");
        limit.acknowledged(1000);
        task.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NANOS));
        assertFalse(task.isAlive(), "the task goes on once one record is outstanding");
        assertEquals(1000 + OVERHEAD, limit.outstanding());
    }

    @Test
    void shouldStopWaitingWhenAcknowledgementsStopComing() {
        AtomicLong now = new AtomicLong();
        // Every reading of the clock is a millisecond later, so a wait without acknowledgements soon gives up.
        UnacknowledgedBytes limit =
                new UnacknowledgedBytes(1000, () -> now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1)));
        limit.handedOver(5, 5000);
        for (int i = 1; i < UnacknowledgedBytes.STALLS_BEFORE_RESTING; i++) {
            limit.awaitRoom();
            assertFalse(limit.resting(), "wait " + i + " gave up, but the limit still holds");
        }
        limit.awaitRoom();
        assertTrue(
                limit.resting(),
                "after " + UnacknowledgedBytes.STALLS_BEFORE_RESTING + " stalled waits the limit rests");

        long before = now.get();
        limit.awaitRoom();
        assertTrue(
                now.get() - before <= TimeUnit.MILLISECONDS.toNanos(1),
                "a resting limit reads the clock once and returns");

        now.addAndGet(UnacknowledgedBytes.REST_NANOS);
        assertFalse(limit.resting(), "the rest ends after " + Duration.ofNanos(UnacknowledgedBytes.REST_NANOS));
    }

    @Test
    void shouldNeverWaitWhenTurnedOff() {
        UnacknowledgedBytes limit = new UnacknowledgedBytes(0, frozenClock());
        limit.handedOver(1, Long.MAX_VALUE / 2);
        limit.awaitRoom();
        assertEquals(Long.MAX_VALUE / 2 + OVERHEAD, limit.outstanding());
    }

    private static LongSupplier frozenClock() {
        return () -> 0L;
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "the task thread never waited; it is " + thread.getState());
            assertTrue(thread.isAlive(), "the task thread returned without waiting");
            Thread.onSpinWait();
        }
    }
}
