package dev.tandem.driver.metrics;

import dev.tandem.common.metrics.LostReason;
import dev.tandem.common.metrics.MirrorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tandem's metrics in Micrometer, exported by the driver as Prometheus text. Names carry their unit, every meter has
 * a description, tags are bounded (source, target, topic, and partition unless {@code metrics.partition.label.enabled
 * = false}; past {@value #PARTITION_SERIES_LIMIT} partitions and {@value #HISTOGRAM_TOPIC_LIMIT} histogram topics the
 * values fold into {@value #OTHER}). A partition's lag gauges are removed when no task copies it any more (held while its flow's clusters are
 * away: {@link LagGauges}); its counters stay for the life of the process, so totals survive task restarts and rebalances.
 */
public final class MicrometerMirrorMetrics implements MirrorMetrics {

    static final String PREFIX = "tandem.";
    private static final Duration MIN_LATENCY = Duration.ofMillis(1);
    private static final Duration MAX_LATENCY = Duration.ofMinutes(10);

    /** Partitions with series of their own; the rest are summed per topic. */
    static final int PARTITION_SERIES_LIMIT = 1_000;
    /** Topics with latency histograms of their own; the rest share one per flow. */
    static final int HISTOGRAM_TOPIC_LIMIT = 100;
    /** The label value of what is folded together past a limit. */
    static final String OTHER = "other";

    private static final Logger log = LoggerFactory.getLogger(MicrometerMirrorMetrics.class);

    private final MeterRegistry registry;
    private final boolean partitionLabel;
    private final Set<String> labelledPartitions = ConcurrentHashMap.newKeySet();
    private final Set<String> histogramTopics = ConcurrentHashMap.newKeySet();
    private volatile boolean partitionLimitLogged;
    private final Map<Tags, FlowMeter> flows = new ConcurrentHashMap<>();
    private final LagGauges lags;

    public MicrometerMirrorMetrics(MeterRegistry registry, boolean partitionLabel) {
        this(registry, partitionLabel, System::currentTimeMillis);
    }

    MicrometerMirrorMetrics(MeterRegistry registry, boolean partitionLabel, LongSupplier clock) {
        this.registry = registry;
        this.partitionLabel = partitionLabel;
        this.lags = new LagGauges(registry, clock);
    }

    /**
     * Lets go of the lag that stopped tasks left behind (see {@link LagGauges}) once their time is up; the driver
     * calls it every few seconds with the clusters that do not answer.
     */
    public void releaseHeldLags(Set<String> awayClusters) {
        lags.releaseHeld(awayClusters);
    }

    @Override
    public PartitionMeter partition(String source, String target, TopicPartition tp, String remoteTopic) {
        Tags flowTags = Tags.of("source", source, "target", target);
        Tags topicTags = flowTags.and("topic", tp.topic());
        Tags tags = partitionLabel ? topicTags.and("partition", partitionValue(flowTags, tp)) : topicTags;
        Tags histogramTags = flowTags.and("topic", histogramTopicValue(flowTags, tp.topic()));
        return new MicrometerPartitionMeter(tags, histogramTags);
    }

    /**
     * The partition's own number for the first {@value #PARTITION_SERIES_LIMIT} partitions this process meters,
     * {@value #OTHER} after that: the partitions past the limit are summed per topic (lag: the largest), so a scrape
     * stays small at 10,000 partitions and {@code sum by (topic)} stays exact. Prometheus wants every series of a
     * name to have the same labels, so the label stays and only its value folds.
     */
    private String partitionValue(Tags flowTags, TopicPartition tp) {
        String key = flowTags + "/" + tp;
        if (labelledPartitions.contains(key)) {
            return Integer.toString(tp.partition());
        }
        synchronized (labelledPartitions) {
            if (labelledPartitions.size() < PARTITION_SERIES_LIMIT) {
                labelledPartitions.add(key);
                return Integer.toString(tp.partition());
            }
        }
        if (!partitionLimitLogged) {
            partitionLimitLogged = true;
            log.info(
                    "Metrics: more than {} partitions; the partitions after those are reported per topic, with"
                            + " partition=\"{}\" (set metrics.partition.label.enabled=false to drop the label"
                            + " everywhere)",
                    PARTITION_SERIES_LIMIT,
                    OTHER);
        }
        return OTHER;
    }

    /**
     * The topic for the latency histograms (about 70 buckets each): its own name for the first
     * {@value #HISTOGRAM_TOPIC_LIMIT} topics, {@value #OTHER} after that; the dashboard reads them per flow.
     */
    private String histogramTopicValue(Tags flowTags, String topic) {
        String key = flowTags + "/" + topic;
        if (histogramTopics.contains(key)) {
            return topic;
        }
        synchronized (histogramTopics) {
            if (histogramTopics.size() < HISTOGRAM_TOPIC_LIMIT) {
                histogramTopics.add(key);
                return topic;
            }
        }
        return OTHER;
    }

    @Override
    public FlowMeter flow(String source, String target) {
        return flows.computeIfAbsent(Tags.of("source", source, "target", target), MicrometerFlowMeter::new);
    }

    private Timer latencyTimer(String name, String description, Tags tags) {
        return Timer.builder(PREFIX + name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(MIN_LATENCY)
                .maximumExpectedValue(MAX_LATENCY)
                .register(registry);
    }

    private final class MicrometerPartitionMeter implements PartitionMeter {
        private final Counter records;
        private final Counter bytes;
        private final Counter skipped;
        private final Map<LostReason, Counter> lost = new EnumMap<>(LostReason.class);
        private final Timer latency;
        private final Timer age;
        private final Tags tags;
        private final LagGauges.Report lag;

        MicrometerPartitionMeter(Tags tags, Tags topicTags) {
            this.tags = tags;
            records = Counter.builder(PREFIX + "replication.records")
                    .description("Records copied and acknowledged by the target")
                    .tags(tags)
                    .register(registry);
            bytes = Counter.builder(PREFIX + "replication.bytes")
                    .baseUnit("bytes")
                    .description("Serialized key and value bytes copied and acknowledged by the target")
                    .tags(tags)
                    .register(registry);
            skipped = Counter.builder(PREFIX + "replication.records.skipped")
                    .description(
                            "Records not copied on purpose: too large for the target, with oversized.record.action=skip")
                    .tags(tags)
                    .register(registry);
            for (LostReason reason : LostReason.values()) {
                // Both series exist from the start at 0, so an alert on increase() sees the first loss.
                lost.put(
                        reason,
                        Counter.builder(PREFIX + "replication.records.lost")
                                .description("Records gone from the source before they were copied, by reason:"
                                        + " removed (retention, delete-records), truncated (the end of the log cut),"
                                        + " recreated (the topic deleted and made again)")
                                .tags(tags.and("reason", reason.label()))
                                .register(registry));
            }
            latency = latencyTimer(
                    "replication.latency",
                    "Time from a record's timestamp on the source to its acknowledgement by the target",
                    topicTags);
            age = latencyTimer(
                    "record.age",
                    "Age of records (time since their timestamp) when the source task reads them",
                    topicTags);
            // Counters outlive task restarts (a total must not fall back to 0); lag is the task's to report.
            lag = lags.open(tags);
        }

        @Override
        public void copied(long count, long size, long latencyMs) {
            records.increment(count);
            bytes.increment(size);
            latency.record(Math.max(0, latencyMs), TimeUnit.MILLISECONDS);
        }

        @Override
        public void read(long ageMs) {
            age.record(Math.max(0, ageMs), TimeUnit.MILLISECONDS);
        }

        @Override
        public void skipped(long count) {
            skipped.increment(count);
        }

        @Override
        public void lost(long count, LostReason reason) {
            lost.get(reason).increment(count);
        }

        @Override
        public void lag(long lagRecords, double seconds) {
            lag.lag(lagRecords, seconds);
        }

        @Override
        public void close() {
            lag.stop();
        }
    }

    /** The figures of one flow that {@code status} shows: lag, and ages of the newest checkpoint and heartbeat. */
    public FlowFigures flowFigures(String source, String target) {
        double[] lag = lags.flow(source, target);
        Double checkpointAge = null;
        Double heartbeatAge = null;
        if (flows.get(Tags.of("source", source, "target", target)) instanceof MicrometerFlowMeter meter) {
            long now = System.currentTimeMillis();
            checkpointAge = meter.lastCheckpoint.get() < 0 ? null : (now - meter.lastCheckpoint.get()) / 1000.0;
            heartbeatAge = meter.lastHeartbeat.get() < 0 ? null : (now - meter.lastHeartbeat.get()) / 1000.0;
        }
        double lost = registry
                .find(PREFIX + "replication.records.lost")
                .tag("source", source)
                .tag("target", target)
                .counters()
                .stream()
                .mapToDouble(Counter::count)
                .sum();
        return new FlowFigures((long) lag[0], lag[1], checkpointAge, heartbeatAge, (long) lost);
    }

    private final class MicrometerFlowMeter implements FlowMeter {
        private final Counter syncs;
        private final Counter checkpoints;
        private final Timer rounds;
        private final AtomicLong lastHeartbeat = new AtomicLong(-1);
        private final AtomicLong lastCheckpoint = new AtomicLong(-1);
        private final Tags tags;
        /** Per group: 0 when every offset has its checkpoint, else since when (ms) one has not. */
        private final Map<String, AtomicLong> pendingSince = new ConcurrentHashMap<>();

        private final Map<String, Gauge> pendingGauges = new ConcurrentHashMap<>();

        MicrometerFlowMeter(Tags tags) {
            this.tags = tags;
            syncs = Counter.builder(PREFIX + "offset.syncs.written")
                    .description("Offset syncs acknowledged by their cluster")
                    .tags(tags)
                    .register(registry);
            checkpoints = Counter.builder(PREFIX + "checkpoints.written")
                    .description("Checkpoints acknowledged by the target")
                    .tags(tags)
                    .register(registry);
            rounds = Timer.builder(PREFIX + "checkpoint.round")
                    .description("Time to read, translate and emit one round of group offsets")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(MIN_LATENCY)
                    .maximumExpectedValue(Duration.ofMinutes(1))
                    .register(registry);
            Gauge.builder(
                            PREFIX + "heartbeat.age",
                            lastHeartbeat,
                            last -> last.get() < 0 ? Double.NaN : (System.currentTimeMillis() - last.get()) / 1000.0)
                    .baseUnit("seconds")
                    .description("Time since the flow's newest heartbeat was acknowledged by the target")
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
        }

        @Override
        public void offsetSyncWritten() {
            syncs.increment();
        }

        @Override
        public void checkpointsWritten(int count) {
            checkpoints.increment(count);
            lastCheckpoint.set(System.currentTimeMillis());
        }

        @Override
        public void checkpointRound(long durationMs) {
            rounds.record(durationMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void heartbeatAcknowledged(long timestampMs) {
            lastHeartbeat.accumulateAndGet(timestampMs, Math::max);
        }

        @Override
        public void groupCheckpoints(String group, long pendingSinceMs) {
            if (pendingSinceMs == GROUP_GONE) {
                pendingSince.remove(group);
                Gauge gauge = pendingGauges.remove(group);
                if (gauge != null) {
                    registry.remove(gauge);
                }
                return;
            }
            pendingSince
                    .computeIfAbsent(group, g -> {
                        AtomicLong since = new AtomicLong();
                        pendingGauges.put(
                                g,
                                Gauge.builder(PREFIX + "checkpoint.pending", since, MicrometerFlowMeter::pendingSeconds)
                                        .baseUnit("seconds")
                                        .description("How long the group has had a committed offset on the source that"
                                                + " this flow translates but has no checkpoint for; 0 when none")
                                        .tags(tags.and("group", g))
                                        .strongReference(true)
                                        .register(registry));
                        return since;
                    })
                    .set(pendingSinceMs);
        }

        private static double pendingSeconds(AtomicLong since) {
            long from = since.get();
            return from <= 0 ? 0 : Math.max(0, System.currentTimeMillis() - from) / 1000.0;
        }
    }
}
