package dev.tandem.client.metrics;

import org.apache.kafka.common.TopicPartition;

/**
 * Where connectors report what they do. Connectors depend only on this interface, so they run on any Connect worker;
 * the dedicated driver installs an implementation that exports Prometheus metrics, and without one every call is a
 * no-op. Implementations must be thread-safe and cheap: some calls happen once per record.
 */
public interface MirrorMetrics {

    /** A meter for one replicated source partition of a flow; closed when the task stops copying it. */
    PartitionMeter partition(String source, String target, TopicPartition sourcePartition);

    /** Events of a flow that are not per partition. */
    FlowMeter flow(String source, String target);

    /** Per-partition replication figures. */
    interface PartitionMeter extends AutoCloseable {
        /** A record the target acknowledged: its serialized size, and ms from its timestamp to the acknowledgement. */
        void copied(int bytes, long latencyMs);

        /** A record read from the source, {@code ageMs} after its timestamp. */
        void read(long ageMs);

        /** Records on the source not yet on the target, and at most how old the oldest of them is. */
        void lag(long records, double seconds);

        @Override
        void close();
    }

    /** Per-flow events. */
    interface FlowMeter {
        void offsetSyncWritten();

        void checkpointsWritten(int count);

        void checkpointRound(long durationMs);

        void heartbeatAcknowledged(long timestampMs);
    }

    MirrorMetrics NO_OP = new MirrorMetrics() {
        private final PartitionMeter partition = new PartitionMeter() {
            @Override
            public void copied(int bytes, long latencyMs) {
            }

            @Override
            public void read(long ageMs) {
            }

            @Override
            public void lag(long records, double seconds) {
            }

            @Override
            public void close() {
            }
        };
        private final FlowMeter flow = new FlowMeter() {
            @Override
            public void offsetSyncWritten() {
            }

            @Override
            public void checkpointsWritten(int count) {
            }

            @Override
            public void checkpointRound(long durationMs) {
            }

            @Override
            public void heartbeatAcknowledged(long timestampMs) {
            }
        };

        @Override
        public PartitionMeter partition(String source, String target, TopicPartition sourcePartition) {
            return partition;
        }

        @Override
        public FlowMeter flow(String source, String target) {
            return flow;
        }
    };
}
