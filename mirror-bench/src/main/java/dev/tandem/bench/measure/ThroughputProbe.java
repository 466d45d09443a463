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
 * replicator's CPU time, this JVM's (the clusters') and the machine's at each sample; crossing times of 10 %, 50 %
 * and 90 % are interpolated between samples. Every sample goes to a timeline file ({@code copy.csv}), so a run's
 * ramp-up and stalls can be seen afterwards.
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
            out.write("utc,seconds_since_start,records,cpu_seconds,bench_jvm_cpu_seconds,machine_busy_jiffies,"
                    + "machine_total_jiffies\n");
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
        Sample previous = Sample.of(0, 0, replicator.cpuSeconds(), CpuCounters.read());
        Sample lastProgress = previous;
        long nextProgress = System.nanoTime() + PROGRESS_MS * 1_000_000;
        while (true) {
            replicator.checkAlive();
            long copied = target.sum(remoteTopic, partitions);
            long now = System.nanoTime();
            Sample sample = Sample.of((now - start) / 1e9, copied, replicator.cpuSeconds(), CpuCounters.read());
            timeline.write(String.format(Locale.ROOT, "%s,%.3f,%d,%.3f,%.3f,%.0f,%.0f%n", Instant.now(), sample.seconds,
                    copied, sample.cpu, sample.benchJvmCpu, sample.machineBusy, sample.machineTotal));
            first.observe(previous, sample);
            atLow.observe(previous, sample);
            atHalf.observe(previous, sample);
            atHigh.observe(previous, sample);
            if (copied >= expected) {
                double steadySeconds = atHigh.sample.seconds - atLow.sample.seconds;
                double secondHalfRate = (high - expected / 2) / (atHigh.sample.seconds - atHalf.sample.seconds);
                Sample from = atLow.sample;
                Sample to = atHigh.sample;
                double machineBusy = CpuCounters.busyFraction(from.machineBusy, from.machineTotal, to.machineBusy,
                        to.machineTotal);
                return new Throughput(first.sample.seconds, (high - low) / steadySeconds, secondHalfRate,
                        to.cpu - from.cpu, to.benchJvmCpu - from.benchJvmCpu, machineBusy, high - low, sample.seconds);
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

    /** One reading; the jiffies are doubles so a crossing can lie between two readings. */
    private record Sample(double seconds, double records, double cpu, double benchJvmCpu, double machineBusy,
                          double machineTotal) {

        static Sample of(double seconds, long records, double cpu, CpuCounters counters) {
            return new Sample(seconds, records, cpu, counters.benchJvmCpuSeconds(), counters.machineBusyJiffies(),
                    counters.machineTotalJiffies());
        }

        /** The reading a {@code fraction} of the way from this one to {@code next}. */
        Sample towards(Sample next, double fraction) {
            return new Sample(between(seconds, next.seconds, fraction), between(records, next.records, fraction),
                    between(cpu, next.cpu, fraction), between(benchJvmCpu, next.benchJvmCpu, fraction),
                    between(machineBusy, next.machineBusy, fraction), between(machineTotal, next.machineTotal, fraction));
        }

        private static double between(double from, double to, double fraction) {
            return from + fraction * (to - from);
        }
    }

    /** The moment the copied count first reached a threshold, interpolated linearly between two samples. */
    private static final class Crossing {
        private final long threshold;
        private Sample sample;

        Crossing(long threshold) {
            this.threshold = threshold;
        }

        void observe(Sample before, Sample after) {
            if (sample != null || after.records < threshold) {
                return;
            }
            double fraction = after.records == before.records ? 1
                    : (double) (threshold - before.records) / (after.records - before.records);
            fraction = Math.max(0, Math.min(1, fraction));
            sample = before.towards(after, fraction);
        }
    }
}
