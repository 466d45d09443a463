package dev.tandem.source.records;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Holds the task back from polling while the records it handed on (to its own producer on the direct path, to
 * Connect on the record path) and the target has not acknowledged yet hold too much memory.
 *
 * <p>Why: Connect keeps every record it sent, key and value too, until the target acknowledges it. When the
 * target is the slower side, the producer's buffer fills up and tens of thousands of records stay alive long
 * enough to be copied by every young collection and promoted; the collector then costs more CPU than Tandem's
 * own code. A target that acknowledges within milliseconds needs only a few megabytes in flight to keep its
 * batches full. Memory is estimated as keys and values plus {@link #RECORD_OVERHEAD_BYTES} per record.
 *
 * <p>A wait ends as soon as acknowledgements stop coming for {@link #PROGRESS_WINDOW_NANOS}: a distant or
 * unreachable target, or an exactly-once worker that acknowledges a transaction's records only when it commits,
 * is not held to the limit. After {@link #STALLS_BEFORE_RESTING} such waits in a row the limit rests for
 * {@link #REST_NANOS}, so a task on such a target is not held back on every poll.
 */
public final class UnacknowledgedBytes {

    /**
     * What Connect and the producer keep per record besides its key and value (the source record, its offset map,
     * the producer record, headers, callbacks, futures), roughly. Counting it keeps the limit meaningful for small
     * records, where these objects outweigh the data.
     */
    public static final int RECORD_OVERHEAD_BYTES = 500;

    static final long PROGRESS_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int STALLS_BEFORE_RESTING = 3;
    static final long REST_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How long one park lasts at most; an acknowledgement that makes room wakes the task sooner. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final long maxBytes;
    private final LongSupplier nanoClock;
    private final AtomicLong outstanding = new AtomicLong();
    private volatile Thread waiter;
    private int stallsInARow;
    private boolean resting;
    private long restUntilNanos;

    /** {@code maxBytes} 0 turns the limit off. */
    public UnacknowledgedBytes(long maxBytes) {
        this(maxBytes, System::nanoTime);
    }

    UnacknowledgedBytes(long maxBytes, LongSupplier nanoClock) {
        this.maxBytes = maxBytes;
        this.nanoClock = nanoClock;
    }

    /** Records handed to Connect, with their keys' and values' bytes. Called by the task's thread. */
    public void handedOver(int records, long bytes) {
        outstanding.addAndGet(bytes + (long) records * RECORD_OVERHEAD_BYTES);
    }

    /** A record Connect is done with (acknowledged, dropped by a transform, or given up under tolerance), by its bytes. */
    public void acknowledged(long bytes) {
        long left = outstanding.addAndGet(-bytes - RECORD_OVERHEAD_BYTES);
        Thread parked = waiter;
        if (parked != null && left <= maxBytes) {
            LockSupport.unpark(parked);
        }
    }

    /**
     * Returns once every record handed on is acknowledged or dropped, or after {@code timeout}: a stopping task's
     * wait for its copies in flight. Returns false on the timeout.
     */
    public boolean awaitDrained(Duration timeout) {
        long deadline = nanoClock.getAsLong() + timeout.toNanos();
        while (outstanding.get() > 0) {
            if (nanoClock.getAsLong() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(this, PARK_NANOS);
        }
        return true;
    }

    /** Whether every record handed on is acknowledged or dropped. Task thread, before it hands on more. */
    public boolean drained() {
        return outstanding.get() <= 0;
    }

    /** For tests: the bytes counted as not yet acknowledged. */
    long outstanding() {
        return outstanding.get();
    }

    /**
     * Returns once the memory held is within the limit, or acknowledgements stop coming. Called by the task's
     * thread before it polls the source.
     */
    public void awaitRoom() {
        long last = outstanding.get();
        if (maxBytes <= 0 || last <= maxBytes) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (resting && now - restUntilNanos < 0) {
            return;
        }
        resting = false;
        waiter = Thread.currentThread();
        try {
            long lastProgress = now;
            while (last > maxBytes) {
                LockSupport.parkNanos(this, PARK_NANOS);
                long current = outstanding.get();
                now = nanoClock.getAsLong();
                if (current < last) {
                    lastProgress = now;
                } else if (now - lastProgress >= PROGRESS_WINDOW_NANOS) {
                    stalled(now);
                    return;
                }
                last = current;
            }
            stallsInARow = 0;
        } finally {
            waiter = null;
        }
    }

    private void stalled(long now) {
        if (++stallsInARow >= STALLS_BEFORE_RESTING) {
            stallsInARow = 0;
            resting = true;
            restUntilNanos = now + REST_NANOS;
        }
    }

    /** Whether acknowledgements stopped during the last waits, so the limit does not hold for now. */
    boolean resting() {
        return resting && nanoClock.getAsLong() - restUntilNanos < 0;
    }
}
