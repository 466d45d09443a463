package dev.tandem.common.metrics;

import org.apache.kafka.common.TopicPartition;

/**
 * Where connectors report what they do. Connectors depend only on this interface, so they run on any Connect worker;
 * the dedicated driver installs an implementation that exports Prometheus metrics, and without one every call is a
 * no-op. Implementations must be thread-safe and cheap: some calls happen once per record.
 */
public interface MirrorMetrics {

    /**
     * A meter for one replicated source partition of a flow, copied to {@code remoteTopic} on the target; closed when
     * the task stops copying it.
     */
    PartitionMeter partition(String source, String target, TopicPartition sourcePartition, String remoteTopic);

    /** Events of a flow that are not per partition. */
    FlowMeter flow(String source, String target);

    /** Per-partition replication figures. */
    interface PartitionMeter extends AutoCloseable {
        /**
         * Records the target acknowledged since the last call, their serialized key and value bytes, and ms from
         * the timestamp of the newest of them to its acknowledgement. Tasks report in batches (every few hundred
         * ms), not per record, so the latency is a sample per batch.
         */
        void copied(long records, long bytes, long latencyMs);

        /** Records were read from the source; the oldest of them was {@code ageMs} old (sampled per poll). */
        void read(long ageMs);

        /** Records on the source not yet on the target, and at most how old the oldest of them is. */
        void lag(long records, double seconds);

        /** Records not copied on purpose (too large for the target, with {@code oversized.record.action=skip}). */
        void skipped(long records);

        /**
         * Records gone from the source partition before they were copied ({@link LostReason}); reported once per
         * event, when the task finds the partition no longer holds where its copy stood.
         */
        void lost(long records, LostReason reason);

        @Override
        void close();
    }

    /** Per-flow events. */
    interface FlowMeter {
        void offsetSyncWritten();

        void checkpointsWritten(int count);

        void checkpointRound(long durationMs);

        void heartbeatAcknowledged(long timestampMs);

        /**
         * Whether every committed offset of {@code group} on the source that this flow translates has a checkpoint:
         * {@code pendingSinceMs} is 0 when it has, else the wall-clock time the checkpoint task first found one
         * without; {@link #GROUP_GONE} when the flow no longer translates the group. Reported every checkpoint round.
         */
        default void groupCheckpoints(String group, long pendingSinceMs) {}

        /** {@link #groupCheckpoints}'s value for a group the flow no longer translates. */
        long GROUP_GONE = -1;
    }

    MirrorMetrics NO_OP = new MirrorMetrics() {
        private final PartitionMeter partition = new PartitionMeter() {
            @Override
            public void copied(long records, long bytes, long latencyMs) {}

            @Override
            public void read(long ageMs) {}

            @Override
            public void lag(long records, double seconds) {}

            @Override
            public void skipped(long records) {}

            @Override
            public void lost(long records, LostReason reason) {}

            @Override
            public void close() {}
        };
        private final FlowMeter flow = new FlowMeter() {
            @Override
            public void offsetSyncWritten() {}

            @Override
            public void checkpointsWritten(int count) {}

            @Override
            public void checkpointRound(long durationMs) {}

            @Override
            public void heartbeatAcknowledged(long timestampMs) {}
        };

        @Override
        public PartitionMeter partition(
                String source, String target, TopicPartition sourcePartition, String remoteTopic) {
            return partition;
        }

        @Override
        public FlowMeter flow(String source, String target) {
            return flow;
        }
    };
}
