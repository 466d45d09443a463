package dev.tandem.bench.report;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.CopyWindow;
import dev.tandem.bench.measure.ThroughputProbe;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the figures were measured, with this run's settings filled in: results.md carries it, so a reader of the
 * numbers does not need the README (or the code) to know which seconds of a copy they describe.
 */
public final class MethodNote {

    private final CopyWindow window;
    private final List<BenchCase> cases;
    private final int latencyRate;
    private final Duration latencyWarmup;
    private final Duration latencyDuration;

    public MethodNote(
            CopyWindow window,
            List<BenchCase> cases,
            int latencyRate,
            Duration latencyWarmup,
            Duration latencyDuration) {
        this.window = window;
        this.cases = cases;
        this.latencyRate = latencyRate;
        this.latencyWarmup = latencyWarmup;
        this.latencyDuration = latencyDuration;
    }

    public String render() {
        String backlogs = cases.stream()
                .map(c -> String.format(
                        Locale.ROOT,
                        "%,d records at %d B (%.0f s at %,d records/s)",
                        c.records(),
                        c.recordBytes(),
                        c.backlogSecondsAtSizingRate(),
                        c.sizedForRecordsPerSecond()))
                .collect(Collectors.joining("; "));
        return String.format(
                Locale.ROOT,
                """
                ### How these figures were measured

                Each run has two stages, each with a fresh, empty target cluster B and a freshly started replicator.

                **Copy stage: the copy rate at steady state.** The replicator copies a backlog prefilled on A (once \
                per case, shared by all its rounds, deleted before the next case is written). Seconds count from the first record visible on B (end offsets \
                read every 100 ms), so a slow start does not shorten the skip.
                - The first %.0f s of the copy are never measured: the replicator's JVM is still compiling its copy \
                path, and its rate climbs and its CPU per record falls for several seconds.
                - The window then opens as soon as the replicator's JIT has settled: its compiler threads (C1/C2 \
                CompilerThread, read from /proc) used less than %.0f %% of a core over the last %.0f s. It waits at \
                most %.0f s more; a window opened with the JIT still compiling is marked "still compiling" in Every run.
                - The window lasts %.0f s; the replicator is stopped when it closes. Every copy figure comes from \
                that window alone.
                - The backlog is sized to outlast a copy faster than any replicator's steady rate on a 2-core \
                machine, for the longest the window can take (%.0f s): %s. If any partition is copied to its end \
                before the window closes, the copy was no longer steady: the run is reported INVALID and left out of \
                every median, ratio and target.

                **Latency and failover stage.** The replicator, started again on a new B, copies the case's failover \
                topic in full (checked by end offsets), then records are written to A at %,d records/s for %d s, \
                each stamped with its send time (System.nanoTime in the value, read back by the same JVM: \
                microseconds, not the timestamp's whole milliseconds; since 2026-12-07): p50 and p99 of (seen on B - \
                sent) over the last %d s. The MirrorMakers \
                then get a new topic on A (seconds until it is on B) and the failover of a group committed in the \
                middle of the failover topic, translated by Apache Kafka's RemoteClusterUtils from the checkpoints \
                on B: records before the exact offset are re-read, past it skipped.

                Columns:
                - records/s, MB/s: records (bytes) on B over the window, per second. x pipe, x MM2 tuned, x MM2 \
                defaults: ratios of medians from this same bench run.
                - replicator CPU per record (µs): user + system CPU of the replicator process alone \
                (/proc/<pid>/stat) over the window, per record copied in it (JIT included, the clusters not). \
                CPU x ...: the same as a ratio (CPU per GB gives the same ratio, the records being equal).
                - 2nd / 1st half: the window's second half's rate over its first half's; near 1.00 means steady, \
                above 1 still speeding up.
                - first record: seconds from the replicator process's start to the first record on B.
                - peak heap: the largest heap in use before a collection (GC log, both stages).
                - valid runs: runs whose backlog outlasted the window. Figures are medians over the rounds (of two: \
                their mean), copy figures of valid runs only.
                - Where the cores went: over the window, the machine's busy cores (/proc/stat) and the CPU each \
                record cost in all, split into the replicator's, the benchmark JVM's (both clusters, the probes) \
                and the rest of the machine's.
                - Every run: window (seconds into the copy), JIT at window start (quiet, still compiling, unknown), \
                of it compiling (share of the replicator's CPU in the window spent by its compiler threads), \
                stopped after (seconds from start until the replicator was told to stop) and records copied by then.
                """,
                window.skipSeconds(),
                ThroughputProbe.JIT_QUIET_CORES * 100,
                ThroughputProbe.JIT_QUIET_SPAN,
                window.settleMaxSeconds(),
                window.lengthSeconds(),
                window.longestSeconds(),
                backlogs,
                latencyRate,
                latencyWarmup.plus(latencyDuration).toSeconds(),
                latencyDuration.toSeconds());
    }
}
