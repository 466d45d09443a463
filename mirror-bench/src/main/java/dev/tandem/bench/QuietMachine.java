package dev.tandem.bench;

import dev.tandem.bench.measure.CpuCounters;
import java.time.Duration;
import java.util.Locale;

/**
 * Lets the machine settle before a replicator starts: the benchmark's own JVM (both clusters) drops the garbage the
 * previous run's target cluster left, and the run waits until the machine's cores have been nearly idle for a second.
 * Without it a run could inherit the tail of the previous one (its collections, its files being deleted), and which
 * replicator follows which would decide part of its figure.
 */
public final class QuietMachine {

    private static final long SAMPLE_MS = 250;
    private static final int QUIET_SAMPLES = 4; // one second
    private static final double QUIET_BUSY = 0.15;

    private QuietMachine() {}

    /** Returns what it waited for, e.g. "quiet after 1.3 s (busy 4 %)"; gives up after {@code timeout}. */
    public static String await(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        System.gc(); // the bench JVM runs G1 without ExplicitGCInvokesConcurrent: a full collection, now, not mid-run
        long deadline = started + timeout.toNanos();
        CpuCounters previous = CpuCounters.read();
        int quiet = 0;
        double busy = 1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE_MS);
            CpuCounters now = CpuCounters.read();
            if (!now.machineKnown()) {
                return "machine load unknown (no /proc/stat)";
            }
            double sincePrevious = now.machineBusyFractionSince(previous);
            busy = Double.isNaN(sincePrevious) ? 0 : sincePrevious;
            previous = now;
            quiet = busy < QUIET_BUSY ? quiet + 1 : 0;
            if (quiet >= QUIET_SAMPLES) {
                return String.format(
                        Locale.ROOT,
                        "machine quiet after %.1f s (busy %.0f %%)",
                        (System.nanoTime() - started) / 1e9,
                        busy * 100);
            }
        }
        return String.format(
                Locale.ROOT,
                "machine still busy after %d s (%.0f %%); starting anyway",
                timeout.toSeconds(),
                busy * 100);
    }
}
