package dev.tandem.testkit.net;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The faults a {@link FaultProxy} applies now, shared by all its connections: the mode, the added latency and the
 * bandwidth cap (one schedule per direction, so the cap holds over all connections together).
 */
final class ProxyConditions {

    /** The two directions bytes travel through the proxy. */
    enum Direction {
        TO_SERVER,
        TO_CLIENT
    }

    private FaultProxy.Mode mode = FaultProxy.Mode.PASS;
    private long latencyNanos;
    private long bytesPerSecond;
    private final long[] nextFreeNanos = new long[Direction.values().length];

    synchronized FaultProxy.Mode mode() {
        return mode;
    }

    synchronized void mode(FaultProxy.Mode newMode) {
        mode = newMode;
        notifyAll();
    }

    synchronized void latency(Duration delay) {
        latencyNanos = Math.max(0, delay.toNanos());
        notifyAll();
    }

    synchronized void bandwidth(long cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("bandwidth must be 0 (no cap) or positive, not " + cap);
        }
        bytesPerSecond = cap;
        notifyAll();
    }

    synchronized void heal() {
        mode = FaultProxy.Mode.PASS;
        latencyNanos = 0;
        bytesPerSecond = 0;
        notifyAll();
    }

    /**
     * Waits until a chunk read at {@code readAtNanos} may be forwarded: not while a black hole lasts, not before the
     * latency has passed. Returns false when {@code open} turns false (the connection closed) meanwhile.
     */
    synchronized boolean awaitForwarding(long readAtNanos, BooleanSupplier open) throws InterruptedException {
        while (open.getAsBoolean()) {
            if (mode == FaultProxy.Mode.CUT) {
                return false;
            }
            long waitNanos = mode == FaultProxy.Mode.BLACK_HOLE
                    ? TimeUnit.MILLISECONDS.toNanos(200)
                    : readAtNanos + latencyNanos - System.nanoTime();
            if (mode == FaultProxy.Mode.PASS && waitNanos <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.timedWait(this, waitNanos);
        }
        return false;
    }

    /**
     * Books {@code bytes} on the direction's schedule and returns the {@link System#nanoTime()} at which they may be
     * sent so that the direction stays under the cap; now when there is no cap.
     */
    synchronized long sendTime(Direction direction, int bytes) {
        long now = System.nanoTime();
        if (bytesPerSecond == 0) {
            return now;
        }
        int i = direction.ordinal();
        long start = Math.max(now, nextFreeNanos[i]);
        nextFreeNanos[i] = start + bytes * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond;
        return start;
    }
}
