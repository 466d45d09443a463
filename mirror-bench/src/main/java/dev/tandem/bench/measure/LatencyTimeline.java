package dev.tandem.bench.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/**
 * Latencies grouped by when their records were sent, 100 ms at a time: a p99 set by a few stalls (a collection, a
 * rebalance, a burst of background work) shows as a handful of slow windows, a steady tail as every window's max.
 */
final class LatencyTimeline {

    static final long WINDOW_MS = 100;

    private LatencyTimeline() {}

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.3f", micros / 1_000.0);
    }

    /**
     * {@code sentAt[i]}: ms after {@code startMillis} (epoch) that record i was sent; {@code latencies[i]}: its
     * latency in microseconds. Each window also gets its wall-clock start, to line it up with the replicator's log
     * and GC log.
     */
    static void write(Path file, long startMillis, long[] sentAt, long[] latencies) {
        long last = 0;
        for (long t : sentAt) {
            last = Math.max(last, t);
        }
        int windows = (int) (last / WINDOW_MS) + 1;
        int[] counts = new int[windows];
        for (long t : sentAt) {
            counts[(int) (t / WINDOW_MS)]++;
        }
        long[][] byWindow = new long[windows][];
        for (int w = 0; w < windows; w++) {
            byWindow[w] = new long[counts[w]];
        }
        int[] filled = new int[windows];
        for (int i = 0; i < sentAt.length; i++) {
            int w = (int) (sentAt[i] / WINDOW_MS);
            byWindow[w][filled[w]++] = latencies[i];
        }
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("window_start_utc,sent_ms,records,p50_ms,max_ms\n");
            for (int w = 0; w < windows; w++) {
                long[] values = byWindow[w];
                String window = Instant.ofEpochMilli(startMillis + w * WINDOW_MS) + "," + w * WINDOW_MS;
                if (values.length == 0) {
                    out.write(window + ",0,,\n");
                    continue;
                }
                Arrays.sort(values);
                out.write(window + "," + values.length + "," + millis(values[(values.length - 1) / 2]) + ","
                        + millis(values[values.length - 1]) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the latency timeline to " + file + " failed", e);
        }
    }
}
