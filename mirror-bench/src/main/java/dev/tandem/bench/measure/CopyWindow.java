package dev.tandem.bench.measure;

import java.time.Duration;
import java.util.Locale;

/**
 * Which part of a bulk copy is measured. Seconds count from the first record seen on the target, not from the
 * replicator's start, so a slow start (MM2 needs about 6 s for its first record) does not eat into the skip.
 * The window opens once {@code skip} has passed and the replicator's JIT compilers have gone quiet, but no later
 * than {@code skip + settleMax}; it then lasts {@code length}.
 *
 * @param skip      the copy's first seconds, never measured: the replicator's JVM is still compiling its copy path
 * @param settleMax how much longer the window may wait for the JIT to go quiet (zero: open right after the skip)
 * @param length    the measured window
 */
public record CopyWindow(Duration skip, Duration settleMax, Duration length) {

    public CopyWindow {
        if (skip.isNegative() || settleMax.isNegative() || length.isZero() || length.isNegative()) {
            throw new IllegalArgumentException("A copy window needs a skip and a settle time >= 0 and a length > 0");
        }
    }

    /** The longest a copy can run before its window closes: what each case's backlog must outlast. */
    public double longestSeconds() {
        return (skip.toMillis() + settleMax.toMillis() + length.toMillis()) / 1000.0;
    }

    public double skipSeconds() {
        return skip.toMillis() / 1000.0;
    }

    public double settleMaxSeconds() {
        return settleMax.toMillis() / 1000.0;
    }

    public double lengthSeconds() {
        return length.toMillis() / 1000.0;
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "skip %.0f s of the copy, then up to %.0f s more until the JIT is quiet, then" + " measure %.0f s",
                skipSeconds(),
                settleMaxSeconds(),
                lengthSeconds());
    }
}
