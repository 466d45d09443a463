package dev.tandem.testkit.metrics;

import dev.tandem.common.metrics.LostReason;
import dev.tandem.common.metrics.MirrorMetrics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.TopicPartition;

/**
 * Metrics that remember every report, for unit tests of the tasks: install it with {@code MirrorMetricsHolder} and
 * read back what a task reported, per source partition and per flow.
 */
public final class RecordingMetrics implements MirrorMetrics {

    private final Map<TopicPartition, Partition> partitions = new ConcurrentHashMap<>();
    private final Flow flow = new Flow();

    /** The reports about one source partition; created empty when asked before the task reported anything. */
    public Partition partition(TopicPartition sourcePartition) {
        return partitions.computeIfAbsent(sourcePartition, tp -> new Partition());
    }

    /** The reports about the flow (this recorder keeps one, whichever flow reports). */
    public Flow flow() {
        return flow;
    }

    @Override
    public PartitionMeter partition(String source, String target, TopicPartition sourcePartition, String remoteTopic) {
        return partition(sourcePartition);
    }

    @Override
    public FlowMeter flow(String source, String target) {
        return flow;
    }

    /** What was reported about one partition, in order. */
    public static final class Partition implements PartitionMeter {
        /** Records per {@code copied} report. */
        public final List<Long> copied = new CopyOnWriteArrayList<>();
        /** Bytes per {@code copied} report. */
        public final List<Long> copiedBytes = new CopyOnWriteArrayList<>();
        /** The latency sample of each {@code copied} report. */
        public final List<Long> copiedLatencyMs = new CopyOnWriteArrayList<>();

        public final List<Long> lagRecords = new CopyOnWriteArrayList<>();
        public final List<Double> lagSeconds = new CopyOnWriteArrayList<>();
        public final List<Long> skipped = new CopyOnWriteArrayList<>();
        /** Each {@code lost} report: the reason and how many records. */
        public final List<Map.Entry<LostReason, Long>> lost = new CopyOnWriteArrayList<>();

        private volatile boolean closed;

        /** Every acknowledged record reported so far. */
        public long copiedTotal() {
            return copied.stream().mapToLong(Long::longValue).sum();
        }

        public boolean closed() {
            return closed;
        }

        @Override
        public void copied(long records, long bytes, long latencyMs) {
            copied.add(records);
            copiedBytes.add(bytes);
            copiedLatencyMs.add(latencyMs);
        }

        @Override
        public void read(long ageMs) {}

        @Override
        public void lag(long records, double seconds) {
            lagRecords.add(records);
            lagSeconds.add(seconds);
        }

        @Override
        public void skipped(long records) {
            skipped.add(records);
        }

        @Override
        public void lost(long records, LostReason reason) {
            lost.add(Map.entry(reason, records));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** What was reported about the flow, in order. */
    public static final class Flow implements FlowMeter {
        /** Checkpoints per {@code checkpointsWritten} report. */
        public final List<Integer> checkpointsWritten = new CopyOnWriteArrayList<>();
        /** The timestamps of the heartbeats the target acknowledged. */
        public final List<Long> heartbeatsAcknowledged = new CopyOnWriteArrayList<>();
        /** The newest {@code groupCheckpoints} report of each group. */
        public final Map<String, Long> groupCheckpoints = new ConcurrentHashMap<>();

        @Override
        public void offsetSyncWritten() {}

        @Override
        public void checkpointsWritten(int count) {
            checkpointsWritten.add(count);
        }

        @Override
        public void checkpointRound(long durationMs) {}

        @Override
        public void heartbeatAcknowledged(long timestampMs) {
            heartbeatsAcknowledged.add(timestampMs);
        }

        @Override
        public void groupCheckpoints(String group, long pendingSinceMs) {
            groupCheckpoints.put(group, pendingSinceMs);
        }
    }
}
