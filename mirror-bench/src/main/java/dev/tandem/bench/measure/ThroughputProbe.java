package dev.tandem.bench.measure;

import dev.tandem.bench.replicator.ReplicatorProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Watches the remote topic's end offsets (every 100 ms) while a replicator copies a prefilled topic, and reads the
 * replicator's CPU time at each sample; crossing times of 10 %, 50 % and 90 % are interpolated between samples.
 * Every sample goes to a timeline file ({@code copy.csv}), so a run's ramp-up and stalls can be seen afterwards.
 */
public final class ThroughputProbe {

    private static final long SAMPLE_MS = 100;
    private static final long PROGRESS_MS = 5000;

    private final EndOffsets target;

    public ThroughputProbe(EndOffsets target) {
        this.target = target;
    }

    public Throughput watch(ReplicatorProcess replicator, String remoteTopic, int partitions, long expected,
                            Duration timeout, String label, Path timeline) throws InterruptedException {
        try (Writer out = Files.newBufferedWriter(timeline)) {
            out.write("utc,seconds_since_start,records,cpu_seconds\n");
            return watch(replicator, remoteTopic, partitions, expected, timeout, label, out);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the copy timeline to " + timeline + " failed", e);
        }
    }

    private Throughput watch(ReplicatorProcess replicator, String remoteTopic, int partitions, long expected,
                             Duration timeout, String label, Writer timeline) throws InterruptedException, IOException {
        long start = replicator.startedNanos();
        long deadline = System.nanoTime() + timeout.toNanos();
        long low = expected / 10;
        long high = expected - expected / 10;
        Crossing first = new Crossing(1);
        Crossing atLow = new Crossing(low);
        Crossing atHalf = new Crossing(expected / 2);
        Crossing atHigh = new Crossing(high);
        Sample previous = new Sample(0, 0, replicator.cpuSeconds());
        Sample lastProgress = previous;
        long nextProgress = System.nanoTime() + PROGRESS_MS * 1_000_000;
        while (true) {
            replicator.checkAlive();
            long copied = target.sum(remoteTopic, partitions);
            long now = System.nanoTime();
            Sample sample = new Sample((now - start) / 1e9, copied, replicator.cpuSeconds());
            timeline.write(String.format(Locale.ROOT, "%s,%.3f,%d,%.3f%n", Instant.now(), sample.seconds, copied, sample.cpu));
            first.observe(previous, sample);
            atLow.observe(previous, sample);
            atHalf.observe(previous, sample);
            atHigh.observe(previous, sample);
            if (copied >= expected) {
                double steadySeconds = atHigh.seconds - atLow.seconds;
                double secondHalfRate = (high - expected / 2) / (atHigh.seconds - atHalf.seconds);
                return new Throughput(first.seconds, (high - low) / steadySeconds, secondHalfRate, atHigh.cpu - atLow.cpu,
                        high - low, sample.seconds);
            }
            if (now > deadline) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "%s copied %,d of %,d records within %s; see its log", label, copied, expected, timeout));
            }
            if (now > nextProgress) {
                nextProgress = now + PROGRESS_MS * 1_000_000;
                double rate = (copied - lastProgress.records) / Math.max(1e-9, sample.seconds - lastProgress.seconds);
                lastProgress = sample;
                System.out.printf(Locale.ROOT, "    %s: %,d / %,d records (%d%%), %,.0f records/s%n", label, copied,
                        expected, copied * 100 / expected, rate);
            }
            previous = sample;
            Thread.sleep(SAMPLE_MS);
        }
    }

    private record Sample(double seconds, long records, double cpu) {
    }

    /** The moment the copied count first reached a threshold, interpolated linearly between two samples. */
    private static final class Crossing {
        private final long threshold;
        private double seconds = Double.NaN;
        private double cpu = Double.NaN;

        Crossing(long threshold) {
            this.threshold = threshold;
        }

        void observe(Sample before, Sample after) {
            if (!Double.isNaN(seconds) || after.records < threshold) {
                return;
            }
            double fraction = after.records == before.records ? 1
                    : (double) (threshold - before.records) / (after.records - before.records);
            fraction = Math.max(0, Math.min(1, fraction));
            seconds = before.seconds + fraction * (after.seconds - before.seconds);
            cpu = before.cpu + fraction * (after.cpu - before.cpu);
        }
    }
}
