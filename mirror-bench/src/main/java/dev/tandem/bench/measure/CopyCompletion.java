package dev.tandem.bench.measure;

import dev.tandem.bench.replicator.ReplicatorProcess;
import java.time.Duration;
import java.util.Locale;

/** Waits until a remote topic holds all records of its source: a copy that is meant to finish, not to be timed. */
public final class CopyCompletion {

    private static final long SAMPLE_MS = 100;

    private CopyCompletion() {}

    /** Seconds from the replicator's start until {@code expected} records were visible; fails past {@code timeout}. */
    public static double await(
            ReplicatorProcess replicator,
            EndOffsets target,
            String remoteTopic,
            int partitions,
            long expected,
            Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            replicator.checkAlive();
            long copied = target.sum(remoteTopic, partitions);
            if (copied >= expected) {
                return (System.nanoTime() - replicator.startedNanos()) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(String.format(
                        Locale.ROOT,
                        "copied %,d of %,d records of %s within %d s; see the replicator's log",
                        copied,
                        expected,
                        remoteTopic,
                        timeout.toSeconds()));
            }
            Thread.sleep(SAMPLE_MS);
        }
    }
}
