package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Lets the machine settle before a replicator starts: the benchmark's own JVM (both clusters) drops the garbage the
 * previous run's target cluster left, and the run waits until the machine's cores have been nearly idle for a second.
 * Without it a run could inherit the tail of the previous one (its collections, its files being deleted), and which
 * replicator follows which would decide part of its figure.
 */
final class QuietMachine {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final long SAMPLE_MS = 250;
    private static final int QUIET_SAMPLES = 4; // one second
    private static final double QUIET_BUSY = 0.15;

    private QuietMachine() {
    }

    /** Returns what it waited for, e.g. "quiet after 1.3 s (busy 4 %)"; gives up after {@code timeout}. */
    static String await(Duration timeout) throws InterruptedException {
        long started = System.nanoTime();
        System.gc(); // the bench JVM runs G1 without ExplicitGCInvokesConcurrent: a full collection, now, not mid-run
        long deadline = started + timeout.toNanos();
        long[] previous = cpuTicks();
        int quiet = 0;
        double busy = 1;
        while (System.nanoTime() < deadline) {
            Thread.sleep(SAMPLE_MS);
            long[] now = cpuTicks();
            if (previous == null || now == null) {
                return "machine load unknown (no /proc/stat)";
            }
            long total = now[0] - previous[0];
            busy = total == 0 ? 0 : (double) (now[1] - previous[1]) / total;
            previous = now;
            quiet = busy < QUIET_BUSY ? quiet + 1 : 0;
            if (quiet >= QUIET_SAMPLES) {
                return String.format(Locale.ROOT, "machine quiet after %.1f s (busy %.0f %%)",
                        (System.nanoTime() - started) / 1e9, busy * 100);
            }
        }
        return String.format(Locale.ROOT, "machine still busy after %d s (%.0f %%); starting anyway",
                timeout.toSeconds(), busy * 100);
    }

    /** {total, busy} jiffies of all cores, or null where /proc/stat cannot be read. */
    private static long[] cpuTicks() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]); // idle + iowait
            return new long[] {total, total - idle};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
