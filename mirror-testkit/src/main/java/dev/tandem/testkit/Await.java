package dev.tandem.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline, polling; never a fixed sleep. Failures say what was awaited and what was last seen. */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(200);

    private Await() {}

    /** Waits until {@code condition} holds; throws {@link AssertionError} naming {@code what} at the deadline. */
    public static void until(String what, Duration timeout, Callable<Boolean> condition) {
        value(what, timeout, condition, Boolean.TRUE::equals);
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value, and returns that value. Exceptions from the probe
     * count as "not yet" and the last one is reported at the deadline.
     */
    public static <T> T value(String what, Duration timeout, Callable<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (true) {
            try {
                last = probe.call();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            } catch (Exception e) {
                lastError = e;
            }
            if (System.nanoTime() - deadline > 0) {
                AssertionError failure = new AssertionError("Timed out after " + timeout + " waiting for " + what
                        + (lastError != null ? "; last attempt failed: " + lastError : "; last value: " + last));
                if (lastError != null) {
                    failure.initCause(lastError);
                }
                throw failure;
            }
            sleep();
        }
    }

    /** Like {@link #value} for a supplier that does not throw. */
    public static <T> T supplied(String what, Duration timeout, Supplier<T> probe, Predicate<? super T> done) {
        return value(what, timeout, probe::get, done);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
