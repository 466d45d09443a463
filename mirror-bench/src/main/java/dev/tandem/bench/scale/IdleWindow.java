package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.bench.replicator.ThreadCpu;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The cost of a replicator that has nothing to copy: with the data set copied and no records coming, the
 * replicator's own CPU time ({@code /proc/<pid>/stat}, so neither the clusters nor this JVM count) and the records it
 * writes to internal topics on A and B over {@code seconds}. At thousands of partitions, per-partition bookkeeping
 * that is free at ten shows up here.
 *
 * <p>The window opens once the replicator's JIT compiler threads have gone quiet (at most {@link #JIT_SETTLE_MAX}):
 * right after the copy a JVM is still compiling what the copy made hot, which a replicator idle for hours no longer
 * pays (a run of 2026-12-07 spent 55 % of its first idle minute in the compiler threads). What the compiler still
 * used in the window is reported beside the total.
 */
final class IdleWindow {

    static final Duration JIT_SETTLE_MAX = Duration.ofSeconds(180);
    private static final Duration JIT_STEP = Duration.ofSeconds(5);
    private static final double JIT_QUIET = 0.05;
    /** A window longer than this is also reported slice by slice, to show whether the first one was typical. */
    private static final int MINUTE = 60;
    /** How many thread groups the detail names, busiest first. */
    private static final int BUSIEST_THREADS = 8;
    /** And for each minute of a longer window. */
    private static final int BUSIEST_IN_A_MINUTE = 5;

    private final Admin source;
    private final Admin target;

    IdleWindow(Admin source, Admin target) {
        this.source = source;
        this.target = target;
    }

    IdleFigures measure(ReplicatorProcess replicator, int seconds) throws Exception {
        long settled = awaitQuietCompiler(replicator);
        Map<String, Long> before = internalEnds();
        double cpuBefore = replicator.cpuSeconds();
        double jitBefore = replicator.jitCpuSeconds();
        ThreadCpu threadsBefore = replicator.threadCpu();
        List<String> minutes = new ArrayList<>();
        double cpuMark = cpuBefore;
        double jitMark = jitBefore;
        ThreadCpu threadsMark = threadsBefore;
        for (int left = seconds; left > 0; left -= MINUTE) {
            int slice = Math.min(MINUTE, left);
            TimeUnit.SECONDS.sleep(slice); // the measuring window itself, not a wait for a condition
            double cpu = replicator.cpuSeconds();
            double jit = replicator.jitCpuSeconds();
            ThreadCpu threads = replicator.threadCpu();
            // Which threads made a slice differ from the others (the first minute after a copy, say).
            minutes.add(String.format(
                    Locale.ROOT,
                    "%.2f (JIT %.2f) in %d s [%s]",
                    cpu - cpuMark,
                    jit - jitMark,
                    slice,
                    String.join(", ", threads.busiestSince(threadsMark, BUSIEST_IN_A_MINUTE))));
            cpuMark = cpu;
            jitMark = jit;
            threadsMark = threads;
        }
        double cpuAfter = cpuMark;
        double jitAfter = jitMark;
        List<String> busiest = replicator.threadCpu().busiestSince(threadsBefore, BUSIEST_THREADS);
        Map<String, Long> after = internalEnds();
        replicator.checkAlive();
        Set<String> topics = new HashSet<>(before.keySet());
        topics.addAll(after.keySet());
        Map<String, Long> growth = new TreeMap<>();
        // A topic created during the window grew from 0; one deleted during it is left out (nothing to compare).
        topics.stream()
                .filter(after::containsKey)
                .forEach(t -> growth.put(t, after.get(t) - before.getOrDefault(t, 0L)));
        return new IdleFigures(cpuAfter - cpuBefore, jitAfter - jitBefore, settled, seconds, growth, busiest, minutes);
    }

    /** Seconds until the compiler threads used less than {@link #JIT_QUIET} in one {@link #JIT_STEP}. */
    private static long awaitQuietCompiler(ReplicatorProcess replicator) throws InterruptedException {
        long start = System.nanoTime();
        double last = replicator.jitCpuSeconds();
        while (!Double.isNaN(last) && System.nanoTime() - start < JIT_SETTLE_MAX.toNanos()) {
            TimeUnit.MILLISECONDS.sleep(JIT_STEP.toMillis()); // a sampling step of the condition, not a fixed wait
            double now = replicator.jitCpuSeconds();
            if (now - last < JIT_QUIET) {
                break;
            }
            last = now;
        }
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    }

    private Map<String, Long> internalEnds() throws Exception {
        Map<String, Long> ends = new TreeMap<>(InternalTopicEnds.read(source, "A", ScaleDataSet::isDataTopicOnSource));
        ends.putAll(InternalTopicEnds.read(target, "B", ScaleDataSet::isDataTopicOnTarget));
        return ends;
    }
}
