package dev.tandem.bench.measure;

import dev.tandem.bench.replicator.ReplicatorProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches the remote topic's end offsets (every 100 ms) while a replicator copies a prefilled backlog, and measures
 * the copy over a {@link CopyWindow}: it skips the copy's first seconds, waits (within limits) until the
 * replicator's JIT compiler threads are quiet, measures for the window's length and stops. At each sample it reads
 * the replicator's CPU time (all, and its compiler threads'), this JVM's (the clusters') and the machine's. Every
 * sample goes to a timeline file ({@code copy.csv}), so a run's ramp-up and stalls can be seen afterwards.
 *
 * <p>The rate is only steady while every partition still has records to copy: once one runs dry the replicator
 * has less to fetch and its rate falls for a reason that is not its own. If any partition is copied to its end
 * before the window closes, the run is reported invalid instead of measured.
 */
public final class ThroughputProbe {

    private static final long SAMPLE_MS = 100;
    private static final long PROGRESS_MS = 5000;
    private static final Duration FIRST_RECORD_TIMEOUT = Duration.ofSeconds(120);
    /**
     * The JIT counts as quiet when its compiler threads used less than this share of one core over the last
     * {@link #JIT_QUIET_SPAN}. While a JVM is still compiling its hot path they use a whole core or more; one C2
     * compilation of a large method takes tens to a few hundred milliseconds, so a few stragglers stay under it.
     */
    public static final double JIT_QUIET_CORES = 0.05;

    public static final double JIT_QUIET_SPAN = 2.0;

    private final EndOffsets target;

    public ThroughputProbe(EndOffsets target) {
        this.target = target;
    }

    /**
     * @param sourceEnds the backlog's end offset on the source, per partition: how far each can be copied
     */
    public Throughput watch(
            ReplicatorProcess replicator,
            String remoteTopic,
            Map<Integer, Long> sourceEnds,
            CopyWindow window,
            String label,
            Path timeline)
            throws InterruptedException {
        try (Writer out = Files.newBufferedWriter(timeline)) {
            out.write("utc,seconds_since_start,records,cpu_seconds,bench_jvm_cpu_seconds,machine_busy_jiffies,"
                    + "machine_total_jiffies,jit_cpu_seconds,phase\n");
            return new Watch(replicator, remoteTopic, sourceEnds, window, label, out).run();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing the copy timeline to " + timeline + " failed", e);
        }
    }

    /** One copy being watched: the samples so far and where the window stands. */
    private final class Watch {
        private final ReplicatorProcess replicator;
        private final String remoteTopic;
        private final Map<Integer, Long> sourceEnds;
        private final long backlog;
        private final CopyWindow window;
        private final String label;
        private final Writer timeline;
        private final Crossing first = new Crossing(1);
        /** The samples of the last {@link #JIT_QUIET_SPAN} seconds and one before, to judge the JIT's activity. */
        private final Deque<Sample> recent = new ArrayDeque<>();

        private Sample start;
        private Sample middle;
        private SteadyState.JitAtStart jitAtStart;

        Watch(
                ReplicatorProcess replicator,
                String remoteTopic,
                Map<Integer, Long> sourceEnds,
                CopyWindow window,
                String label,
                Writer timeline) {
            this.replicator = replicator;
            this.remoteTopic = remoteTopic;
            this.sourceEnds = sourceEnds;
            this.backlog =
                    sourceEnds.values().stream().mapToLong(Long::longValue).sum();
            this.window = window;
            this.label = label;
            this.timeline = timeline;
        }

        Throughput run() throws InterruptedException, IOException {
            long firstRecordDeadline = System.nanoTime() + FIRST_RECORD_TIMEOUT.toNanos();
            Sample previous = read(Map.of());
            Sample lastProgress = previous;
            long nextProgress = System.nanoTime() + PROGRESS_MS * 1_000_000;
            while (true) {
                replicator.checkAlive();
                Map<Integer, Long> copied = target.of(remoteTopic, sourceEnds.size());
                Sample sample = read(copied);
                first.observe(previous, sample);
                if (first.sample == null && System.nanoTime() > firstRecordDeadline) {
                    throw new IllegalStateException(String.format(
                            Locale.ROOT,
                            "%s copied no record within %d s of its start; see its log",
                            label,
                            FIRST_RECORD_TIMEOUT.toSeconds()));
                }
                Optional<Integer> dry = first.sample == null ? Optional.empty() : dryPartition(copied);
                if (dry.isPresent()) {
                    log(sample, "backlog ran out");
                    return ranOut(sample, dry.get());
                }
                if (first.sample != null) {
                    advanceWindow(sample);
                }
                log(sample, phase());
                if (start != null && sample.seconds - start.seconds >= window.lengthSeconds()) {
                    return measured(sample);
                }
                long now = System.nanoTime();
                if (now > nextProgress) {
                    nextProgress = now + PROGRESS_MS * 1_000_000;
                    double rate = (sample.records - lastProgress.records)
                            / Math.max(1e-9, sample.seconds - lastProgress.seconds);
                    lastProgress = sample;
                    System.out.printf(
                            Locale.ROOT,
                            "    %s: %,.0f records (%d%% of the backlog), %,.0f records/s, %s%n",
                            label,
                            sample.records,
                            Math.round(sample.records * 100 / backlog),
                            rate,
                            progressNote(sample));
                }
                remember(sample);
                previous = sample;
                Thread.sleep(SAMPLE_MS);
            }
        }

        /** Opens the window once the skip is over and the JIT is quiet (or waited for long enough), marks its middle. */
        private void advanceWindow(Sample sample) {
            double intoCopy = intoCopy(sample);
            if (start == null && intoCopy >= window.skipSeconds()) {
                double jitCores = jitCores(sample);
                if (Double.isNaN(jitCores)) {
                    open(sample, SteadyState.JitAtStart.UNKNOWN, "after the skip; the JIT's activity is unknown");
                } else if (jitCores < JIT_QUIET_CORES) {
                    open(
                            sample,
                            SteadyState.JitAtStart.QUIET,
                            String.format(
                                    Locale.ROOT,
                                    "JIT quiet: compiler threads at %.3f cores over the last %.0f s",
                                    jitCores,
                                    JIT_QUIET_SPAN));
                } else if (intoCopy >= window.skipSeconds() + window.settleMaxSeconds()) {
                    open(
                            sample,
                            SteadyState.JitAtStart.STILL_COMPILING,
                            String.format(
                                    Locale.ROOT,
                                    "JIT STILL COMPILING (%.2f cores over the last %.0f s); waited the longest allowed",
                                    jitCores,
                                    JIT_QUIET_SPAN));
                }
            } else if (start != null
                    && middle == null
                    && sample.seconds - start.seconds >= window.lengthSeconds() / 2) {
                middle = sample;
            }
        }

        private void open(Sample sample, SteadyState.JitAtStart jit, String why) {
            start = sample;
            jitAtStart = jit;
            System.out.printf(
                    Locale.ROOT,
                    "    %s: window opens %.1f s into the copy (%s), closes %.0f s later%n",
                    label,
                    intoCopy(sample),
                    why,
                    window.lengthSeconds());
        }

        /** Cores' worth of CPU the compiler threads used over the last {@link #JIT_QUIET_SPAN} seconds. */
        private double jitCores(Sample now) {
            Sample earliest = recent.peekFirst();
            if (earliest == null || now.seconds - earliest.seconds < JIT_QUIET_SPAN) {
                return Double.isNaN(now.jitCpu) ? Double.NaN : Double.POSITIVE_INFINITY; // not enough history yet
            }
            return (now.jitCpu - earliest.jitCpu) / (now.seconds - earliest.seconds);
        }

        private void remember(Sample sample) {
            recent.addLast(sample);
            while (recent.size() > 1 && sample.seconds - secondOldest().seconds >= JIT_QUIET_SPAN) {
                recent.removeFirst();
            }
        }

        private Sample secondOldest() {
            var it = recent.iterator();
            it.next();
            return it.next();
        }

        private Optional<Integer> dryPartition(Map<Integer, Long> copied) {
            return sourceEnds.entrySet().stream()
                    .filter(e -> copied.getOrDefault(e.getKey(), 0L) >= e.getValue())
                    .map(Map.Entry::getKey)
                    .findFirst();
        }

        private Throughput ranOut(Sample sample, int partition) {
            String when = start == null
                    ? String.format(Locale.ROOT, "before the window opened (the skip is %.0f s)", window.skipSeconds())
                    : String.format(
                            Locale.ROOT,
                            "%.1f s into the %.0f s window",
                            sample.seconds - start.seconds,
                            window.lengthSeconds());
            String why = String.format(
                    Locale.ROOT,
                    "backlog ran out: partition %d was copied to its end %.1f s into the" + " copy, %s",
                    partition,
                    intoCopy(sample),
                    when);
            return new Throughput(
                    first.sample.seconds, (long) sample.records, sample.seconds, SteadyState.NONE, Optional.of(why));
        }

        private Throughput measured(Sample end) {
            Sample mid = middle == null ? end : middle;
            SteadyState steady = new SteadyState(
                    intoCopy(start),
                    intoCopy(end),
                    jitAtStart,
                    (long) (end.records - start.records),
                    (mid.records - start.records) / (mid.seconds - start.seconds),
                    (end.records - mid.records) / (end.seconds - mid.seconds),
                    end.cpu - start.cpu,
                    end.jitCpu - start.jitCpu,
                    end.benchJvmCpu - start.benchJvmCpu,
                    CpuCounters.busyFraction(start.machineBusy, start.machineTotal, end.machineBusy, end.machineTotal));
            return new Throughput(first.sample.seconds, (long) end.records, end.seconds, steady, Optional.empty());
        }

        private double intoCopy(Sample sample) {
            return sample.seconds - first.sample.seconds;
        }

        private String phase() {
            if (first.sample == null) {
                return "starting";
            }
            return start == null ? "skip" : "window";
        }

        private String progressNote(Sample sample) {
            if (first.sample == null) {
                return "no record yet";
            }
            String into = String.format(Locale.ROOT, "%.0f s into the copy", intoCopy(sample));
            return start == null
                    ? into + ", not measured yet"
                    : into
                            + String.format(
                                    Locale.ROOT,
                                    ", %.0f of %.0f s of the window",
                                    sample.seconds - start.seconds,
                                    window.lengthSeconds());
        }

        private Sample read(Map<Integer, Long> copied) {
            long records = copied.values().stream().mapToLong(Long::longValue).sum();
            return Sample.of(
                    (System.nanoTime() - replicator.startedNanos()) / 1e9,
                    records,
                    replicator.cpuSeconds(),
                    replicator.jitCpuSeconds(),
                    CpuCounters.read());
        }

        private void log(Sample sample, String phase) throws IOException {
            timeline.write(String.format(
                    Locale.ROOT,
                    "%s,%.3f,%.0f,%.3f,%.3f,%.0f,%.0f,%.3f,%s%n",
                    Instant.now(),
                    sample.seconds,
                    sample.records,
                    sample.cpu,
                    sample.benchJvmCpu,
                    sample.machineBusy,
                    sample.machineTotal,
                    sample.jitCpu,
                    phase));
        }
    }

    /** One reading; the jiffies are doubles so a crossing can lie between two readings. */
    private record Sample(
            double seconds,
            double records,
            double cpu,
            double jitCpu,
            double benchJvmCpu,
            double machineBusy,
            double machineTotal) {

        static Sample of(double seconds, long records, double cpu, double jitCpu, CpuCounters counters) {
            return new Sample(
                    seconds,
                    records,
                    cpu,
                    jitCpu,
                    counters.benchJvmCpuSeconds(),
                    counters.machineBusyJiffies(),
                    counters.machineTotalJiffies());
        }

        /** The reading a {@code fraction} of the way from this one to {@code next}. */
        Sample towards(Sample next, double fraction) {
            return new Sample(
                    between(seconds, next.seconds, fraction),
                    between(records, next.records, fraction),
                    between(cpu, next.cpu, fraction),
                    between(jitCpu, next.jitCpu, fraction),
                    between(benchJvmCpu, next.benchJvmCpu, fraction),
                    between(machineBusy, next.machineBusy, fraction),
                    between(machineTotal, next.machineTotal, fraction));
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
            double fraction = after.records == before.records
                    ? 1
                    : (threshold - before.records) / (after.records - before.records);
            fraction = Math.max(0, Math.min(1, fraction));
            sample = before.towards(after, fraction);
        }
    }
}
