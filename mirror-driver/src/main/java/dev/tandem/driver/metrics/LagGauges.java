package dev.tandem.driver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The lag gauges ({@code tandem_replication_lag_records}, {@code tandem_replication_lag_seconds}) per set of tags, fed
 * by the tasks copying those partitions.
 *
 * <p>A report ages from when it was made until the next one. A task's last report outlives the task while it says
 * records were waiting: a worker whose cluster does not
 * answer stops its tasks, and that is when the lag must go on growing (the lag alert watches it), not vanish with the
 * task. A held report goes when a task copies the partition again, or
 * {@link #HOLD_AFTER_STOP} after the task stopped once neither cluster of its flow is away (a partition handed to a
 * task of another driver process is reported there).
 */
final class LagGauges {

    static final Duration HOLD_AFTER_STOP = Duration.ofMinutes(1);

    private final MeterRegistry registry;
    private final LongSupplier clock;
    private final Map<Tags, LagState> lags = new ConcurrentHashMap<>();

    LagGauges(MeterRegistry registry, LongSupplier clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** A task's feed into the lag of {@code tags}; a task taking the tags up replaces reports held for them. */
    synchronized Report open(Tags tags) {
        LagState state = lags.computeIfAbsent(tags, this::register);
        state.reports.entrySet().removeIf(e -> e.getValue().stoppedAt >= 0);
        Report report = new Report(state);
        state.reports.put(report, report);
        return report;
    }

    /** Drops held reports whose time is up: stopped over a minute ago and neither cluster of their flow away. */
    synchronized void releaseHeld(Set<String> awayClusters) {
        long now = clock.getAsLong();
        lags.entrySet().removeIf(e -> {
            Tags tags = e.getKey();
            boolean away = awayClusters.contains(tag(tags, "source")) || awayClusters.contains(tag(tags, "target"));
            LagState state = e.getValue();
            state.reports
                    .values()
                    .removeIf(r -> r.stoppedAt >= 0 && !away && now - r.stoppedAt >= HOLD_AFTER_STOP.toMillis());
            return unregisterIfEmpty(state);
        });
    }

    /** Records waiting (summed) and at most how old the oldest is, over every partition of the flow. */
    double[] flow(String source, String target) {
        double records = 0;
        double seconds = 0;
        for (Map.Entry<Tags, LagState> e : lags.entrySet()) {
            if (source.equals(tag(e.getKey(), "source")) && target.equals(tag(e.getKey(), "target"))) {
                records += e.getValue().records();
                seconds = Math.max(seconds, e.getValue().seconds());
            }
        }
        return new double[] {records, seconds};
    }

    private LagState register(Tags tags) {
        LagState state = new LagState();
        Gauge records = Gauge.builder(
                        MicrometerMirrorMetrics.PREFIX + "replication.lag.records", state, LagState::records)
                .description("Records on the source not yet on the target (source end offset minus replicated offset)")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        Gauge seconds = Gauge.builder(MicrometerMirrorMetrics.PREFIX + "replication.lag", state, LagState::seconds)
                .baseUnit("seconds")
                .description("At most how old the oldest record not yet on the target is; 0 when caught up")
                .tags(tags)
                .strongReference(true)
                .register(registry);
        state.gauges = List.of(records, seconds);
        return state;
    }

    private boolean unregisterIfEmpty(LagState state) {
        if (state.reports.isEmpty()) {
            state.gauges.forEach(registry::remove);
            return true;
        }
        return false;
    }

    private synchronized void stopped(LagState state, Report report) {
        if (report.records > 0) {
            report.stoppedAt = clock.getAsLong();
            return; // held: see the class comment
        }
        state.reports.remove(report);
        if (state.reports.isEmpty()) {
            lags.values().remove(state);
            unregisterIfEmpty(state);
        }
    }

    private static String tag(Tags tags, String key) {
        return tags.stream()
                .filter(t -> t.getKey().equals(key))
                .map(Tag::getValue)
                .findFirst()
                .orElse("");
    }

    /** Lag of the partitions that share one set of tags (one partition, or a whole topic without the label). */
    private final class LagState {
        private final Map<Report, Report> reports = new ConcurrentHashMap<>();
        private List<Meter> gauges = List.of();

        double records() {
            return reports.values().stream().mapToLong(r -> r.records).sum();
        }

        double seconds() {
            long now = clock.getAsLong();
            return reports.values().stream().mapToLong(r -> r.ageMs(now)).max().orElse(0) / 1000.0;
        }
    }

    /** One task's last lag report for its partition. */
    final class Report {
        private final LagState state;
        private volatile long records;
        private volatile long ageMs;
        private volatile long reportedAt;
        private volatile long stoppedAt = -1;

        private Report(LagState state) {
            this.state = state;
        }

        void lag(long records, double seconds) {
            this.ageMs = (long) (seconds * 1000);
            this.reportedAt = clock.getAsLong();
            this.records = records;
        }

        /** The task stopped; its report is held if records were waiting. */
        void stop() {
            stopped(state, this);
        }

        /**
         * The age reported, grown by the time since: a task reports every second while it polls, but one that waits
         * for room to send (the target not answering) or has stopped reports nothing, and the oldest record waiting
         * only gets older meanwhile.
         */
        private long ageMs(long now) {
            return records == 0 ? 0 : ageMs + Math.max(0, now - reportedAt);
        }
    }
}
