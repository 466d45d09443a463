package dev.tandem.common.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Min;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.common.metrics.stats.Value;
import org.apache.kafka.common.utils.Time;

/**
 * Tandem's metrics as JMX MBeans, for connectors on a Kafka Connect worker, where the driver's Prometheus endpoint
 * does not exist. Names follow MirrorMaker 2's, so its JMX dashboards keep working:
 * {@code kafka.connect.mirror:type=MirrorSourceConnector,target=B,topic=A.orders,partition=0} with
 * {@code record-count}, {@code record-rate}, {@code byte-count}, {@code byte-rate}, {@code record-age-ms(-min,-max,-avg)}
 * and {@code replication-latency-ms(-min,-max,-avg)}; Tandem adds {@code replication-lag-records} and
 * {@code replication-lag-seconds}, {@code record-skipped-count}, {@code record-lost-removed-count},
 * {@code record-lost-truncated-count} and {@code record-lost-recreated-count} there, and per flow
 * {@code kafka.connect.mirror:type=MirrorFlow,source=A,target=B}. Built only on kafka-clients' metrics, which
 * every worker from 3.x on provides.
 */
public final class JmxMirrorMetrics implements MirrorMetrics {

    static final String DOMAIN = "kafka.connect.mirror";
    static final String SOURCE_GROUP = "MirrorSourceConnector";
    static final String FLOW_GROUP = "MirrorFlow";

    private final Metrics metrics;
    /** One meter per tag set, shared by every task that reports for it: JMX names are unique, and totals carry on. */
    private final Map<Map<String, String>, JmxPartitionMeter> partitions = new ConcurrentHashMap<>();

    private final Map<Map<String, String>, JmxFlowMeter> flows = new ConcurrentHashMap<>();

    public JmxMirrorMetrics() {
        this.metrics = new Metrics(
                new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM, new KafkaMetricsContext(DOMAIN));
    }

    @Override
    public PartitionMeter partition(String source, String target, TopicPartition sourcePartition, String remoteTopic) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("target", target);
        tags.put("topic", remoteTopic);
        tags.put("partition", Integer.toString(sourcePartition.partition()));
        return partitions.computeIfAbsent(tags, JmxPartitionMeter::new);
    }

    @Override
    public FlowMeter flow(String source, String target) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("source", source);
        tags.put("target", target);
        return flows.computeIfAbsent(tags, JmxFlowMeter::new);
    }

    private MetricName name(String name, String group, String description, Map<String, String> tags) {
        return metrics.metricName(name, group, description, tags);
    }

    private Sensor sensor(String metric, Map<String, String> tags) {
        return metrics.sensor(metric + tags);
    }

    private void addMinMaxAvg(Sensor sensor, String metric, String group, String what, Map<String, String> tags) {
        sensor.add(name(metric, group, what + ", the newest sample", tags), new Value());
        sensor.add(name(metric + "-min", group, what + ", minimum", tags), new Min());
        sensor.add(name(metric + "-max", group, what + ", maximum", tags), new Max());
        sensor.add(name(metric + "-avg", group, what + ", average", tags), new Avg());
    }

    private final class JmxPartitionMeter implements PartitionMeter {
        private final Sensor records;
        private final Sensor bytes;
        private final Sensor latency;
        private final Sensor age;
        private final Sensor skipped;
        private final Map<LostReason, Sensor> lost = new EnumMap<>(LostReason.class);
        private final AtomicLong lagRecords = new AtomicLong();
        private final AtomicLong lagMillis = new AtomicLong();

        JmxPartitionMeter(Map<String, String> tags) {
            records = sensor("records", tags);
            records.add(
                    name("record-count", SOURCE_GROUP, "Records copied and acknowledged by the target", tags),
                    new CumulativeSum());
            records.add(name("record-rate", SOURCE_GROUP, "Records copied per second", tags), new Rate());
            bytes = sensor("bytes", tags);
            bytes.add(
                    name("byte-count", SOURCE_GROUP, "Key and value bytes copied and acknowledged by the target", tags),
                    new CumulativeSum());
            bytes.add(name("byte-rate", SOURCE_GROUP, "Key and value bytes copied per second", tags), new Rate());
            latency = sensor("latency", tags);
            addMinMaxAvg(
                    latency,
                    "replication-latency-ms",
                    SOURCE_GROUP,
                    "Ms from a record's timestamp to its acknowledgement by the target",
                    tags);
            skipped = sensor("skipped", tags);
            skipped.add(
                    name(
                            "record-skipped-count",
                            SOURCE_GROUP,
                            "Records not copied on purpose: too large for the target, with oversized.record.action=skip",
                            tags),
                    new CumulativeSum());
            for (LostReason reason : LostReason.values()) {
                Sensor sensor = sensor("lost-" + reason.label(), tags);
                sensor.add(
                        name(
                                "record-lost-" + reason.label() + "-count",
                                SOURCE_GROUP,
                                "Records gone from the source before they were copied: " + reason.description(),
                                tags),
                        new CumulativeSum());
                lost.put(reason, sensor);
            }
            age = sensor("age", tags);
            addMinMaxAvg(
                    age, "record-age-ms", SOURCE_GROUP, "Age of records when the source task reads them, in ms", tags);
            metrics.addMetric(
                    name("replication-lag-records", SOURCE_GROUP, "Records on the source not yet on the target", tags),
                    (Measurable) (config, now) -> lagRecords.get());
            metrics.addMetric(
                    name(
                            "replication-lag-seconds",
                            SOURCE_GROUP,
                            "At most how old the oldest record not yet on the target is; 0 when caught up",
                            tags),
                    (Measurable) (config, now) -> lagMillis.get() / 1000.0);
        }

        @Override
        public void copied(long count, long size, long latencyMs) {
            long now = System.currentTimeMillis();
            records.record(count, now);
            bytes.record(size, now);
            latency.record(Math.max(0, latencyMs), now);
        }

        @Override
        public void read(long ageMs) {
            age.record(Math.max(0, ageMs));
        }

        @Override
        public void lag(long lag, double seconds) {
            lagRecords.set(lag);
            lagMillis.set((long) (seconds * 1000));
        }

        @Override
        public void skipped(long count) {
            skipped.record(count);
        }

        @Override
        public void lost(long count, LostReason reason) {
            lost.get(reason).record(count);
        }

        @Override
        public void close() {
            // The meter stays registered: totals must not fall back to 0 when a task restarts or a partition moves.
        }
    }

    private final class JmxFlowMeter implements FlowMeter {
        private final Sensor syncs;
        private final Sensor checkpoints;
        private final Sensor rounds;
        private final AtomicLong lastHeartbeat = new AtomicLong(-1);

        JmxFlowMeter(Map<String, String> tags) {
            syncs = sensor("offset-syncs", tags);
            syncs.add(
                    name("offset-syncs-written-total", FLOW_GROUP, "Offset syncs acknowledged by their cluster", tags),
                    new CumulativeSum());
            checkpoints = sensor("checkpoints", tags);
            checkpoints.add(
                    name("checkpoints-written-total", FLOW_GROUP, "Checkpoints acknowledged by the target", tags),
                    new CumulativeSum());
            rounds = sensor("checkpoint-rounds", tags);
            addMinMaxAvg(
                    rounds,
                    "checkpoint-round-ms",
                    FLOW_GROUP,
                    "Ms to read, translate and emit one round of group offsets",
                    tags);
            metrics.addMetric(
                    name(
                            "heartbeat-age-seconds",
                            FLOW_GROUP,
                            "Seconds since the flow's newest heartbeat was acknowledged by the target; -1 before the first",
                            tags),
                    (Measurable) (config, now) -> lastHeartbeat.get() < 0 ? -1 : (now - lastHeartbeat.get()) / 1000.0);
        }

        @Override
        public void offsetSyncWritten() {
            syncs.record(1);
        }

        @Override
        public void checkpointsWritten(int count) {
            checkpoints.record(count);
        }

        @Override
        public void checkpointRound(long durationMs) {
            rounds.record(durationMs);
        }

        @Override
        public void heartbeatAcknowledged(long timestampMs) {
            lastHeartbeat.accumulateAndGet(timestampMs, Math::max);
        }
    }
}
