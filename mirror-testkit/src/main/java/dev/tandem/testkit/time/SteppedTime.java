package dev.tandem.testkit.time;

import java.util.function.Supplier;
import org.apache.kafka.common.utils.Time;

/**
 * Kafka's {@link Time} that moves only when told to or when the code under test sleeps, so unit tests of timed
 * behaviour (intervals, idle sleeps) neither wait nor depend on how busy the machine is.
 */
public final class SteppedTime implements Time {

    private long nowMs;
    private long sleptMs;

    public SteppedTime(long startMs) {
        this.nowMs = startMs;
    }

    /** Moves the clock on by {@code ms}. */
    public void advance(long ms) {
        nowMs += ms;
    }

    /** How long the code under test has slept in total. */
    public long sleptMs() {
        return sleptMs;
    }

    @Override
    public long milliseconds() {
        return nowMs;
    }

    @Override
    public long nanoseconds() {
        return nowMs * 1_000_000;
    }

    @Override
    public void sleep(long ms) {
        nowMs += ms;
        sleptMs += ms;
    }

    @Override
    public void waitObject(Object obj, Supplier<Boolean> condition, long deadlineMs) {
        throw new UnsupportedOperationException("a stepped clock cannot wait for another thread");
    }
}
