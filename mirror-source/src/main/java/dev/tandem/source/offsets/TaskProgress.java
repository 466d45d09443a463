package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;

/**
 * What a source task tells others about its progress, on the task's thread after each poll: acknowledged records to
 * the metrics every {@value #METRICS_INTERVAL_MS} ms, and every {@value #LAG_INTERVAL_MS} ms each partition's lag to
 * the metrics and its replicated position to the {@link PositionSink}. Acknowledgements themselves arrive on the
 * producer's thread and only update {@link PartitionState}; reading them here in batches keeps the meters and the
 * positions off the per-record path.
 *
 * <p>An idle task passes over its partitions only every {@value #IDLE_PASS_INTERVAL_MS} ms: when no record was polled
 * and none acknowledged since the last pass, its partitions were assigned before it, and that pass found no lag, every
 * figure it would report is the one reported then. At 10,000 partitions the pass each second was a quarter of the
 * idle driver's sampled CPU. A partition with lag keeps the pass at every second: its lag in seconds grows.
 */
public final class TaskProgress {

    /** How often acknowledged records are reported to the metrics. */
    static final long METRICS_INTERVAL_MS = 200;
    /** How often lag is measured and positions are offered. */
    static final long LAG_INTERVAL_MS = 1000;
    /** How often an idle task does so (see the class comment). */
    static final long IDLE_PASS_INTERVAL_MS = 10_000;

    /** What the source consumer knows of a partition from its last fetch. */
    public interface Fetched {
        /** Records between the consumer's position and the partition's end, once a fetch has told it. */
        OptionalLong lag(TopicPartition tp);

        /** The next offset the consumer will return. */
        long position(TopicPartition tp);

        /**
         * How many fetches the source answered so far, or -1 when the consumer does not say. {@link #lag} keeps the
         * last answer while the source is unreachable; this tells whether it is still fresh.
         */
        long fetchesAnswered();

        static Fetched by(Consumer<?, ?> consumer) {
            return new Fetched() {
                private Metric fetches;

                @Override
                public OptionalLong lag(TopicPartition tp) {
                    return consumer.currentLag(tp);
                }

                @Override
                public long position(TopicPartition tp) {
                    return consumer.position(tp);
                }

                @Override
                public long fetchesAnswered() {
                    if (fetches == null) {
                        for (Map.Entry<MetricName, ? extends Metric> e :
                                consumer.metrics().entrySet()) {
                            MetricName name = e.getKey();
                            if (name.name().equals("fetch-total")
                                    && name.group().equals("consumer-fetch-manager-metrics")
                                    && !name.tags().containsKey("topic")) {
                                fetches = e.getValue();
                            }
                        }
                        if (fetches == null) {
                            return -1;
                        }
                    }
                    return fetches.metricValue() instanceof Number n ? n.longValue() : -1;
                }
            };
        }
    }

    private final RecordConverter converter;
    /** Null when positions are not written ({@code emit.positions.enabled=false} on the record path). */
    private final PositionSink positions;

    private final Fetched fetched;
    private final Time time;
    private List<TopicPartition> assigned = List.of();
    private long nextMetricsMs;
    private long nextLagMs;
    /** {@link Fetched#fetchesAnswered} at the last look. */
    private long fetchesAnswered = Long.MIN_VALUE;
    /** Records polled or acknowledged, or partitions assigned, since the last lag pass; or that pass found lag. */
    private boolean moved = true;

    private long nextIdlePassMs;

    public TaskProgress(RecordConverter converter, PositionSink positions, Fetched fetched, Time time) {
        this.converter = converter;
        this.positions = positions;
        this.fetched = fetched;
        this.time = time;
    }

    public void assigned(List<TopicPartition> partitions) {
        assigned = List.copyOf(partitions);
        moved = true;
    }

    /**
     * Reports what is due; returns the time it read, for the records of the poll.
     *
     * @param polledRecords whether the poll returned records
     */
    public long afterPoll(boolean polledRecords) {
        long now = time.milliseconds();
        moved |= polledRecords;
        if (now >= nextMetricsMs) {
            nextMetricsMs = now + METRICS_INTERVAL_MS;
            reportCopied();
        }
        if (now >= nextLagMs) {
            nextLagMs = now + LAG_INTERVAL_MS;
            if (moved || now >= nextIdlePassMs) {
                nextIdlePassMs = now + IDLE_PASS_INTERVAL_MS;
                moved = reportLag(now);
            }
        }
        return now;
    }

    /** Every acknowledgement not yet reported, to the metrics. */
    public void reportCopied() {
        for (PartitionState state : converter.states()) {
            moved |= state.reportCopied();
        }
    }

    /**
     * Per partition, from the consumer's fetch metadata: records on the source not yet acknowledged by the target,
     * to the metrics, and the replicated position, to the positions. A partition whose end is unknown (nothing
     * fetched yet, or the source unreachable since the start) keeps the last end it had. Returns whether a partition
     * has lag.
     */
    private boolean reportLag(long now) {
        boolean lagging = false;
        long answered = fetched.fetchesAnswered();
        // The source answered since the last look (or the consumer does not say): the ends known are as of now.
        boolean fresh = answered < 0 || answered != fetchesAnswered;
        fetchesAnswered = answered;
        for (TopicPartition tp : assigned) {
            OptionalLong fetchLag = fetched.lag(tp);
            PartitionState state = converter.state(tp.topic(), tp.partition());
            if (fetchLag.isPresent()) {
                state.sourceEnd(fetched.position(tp) + fetchLag.getAsLong());
                if (fresh) {
                    state.sourceEndSeenAt(now);
                }
            }
            long[] position = state.replicatedPosition();
            long end = state.sourceEnd();
            if (positions != null && position[0] >= 0) {
                positions.publish(
                        state.connectPartition(),
                        new ReplicationPosition(
                                tp,
                                position[0],
                                position[1],
                                end,
                                observedAt(state, now),
                                state.lastAckedTimestamp(),
                                state.topicId(),
                                state.lostRecords()));
            }
            if (end < 0) {
                continue;
            }
            // Before the first acknowledgement of a new partition, what is not fetched yet is all that is known.
            long lag = position[0] < 0 ? fetchLag.orElse(0) : Math.max(0, end - position[0]);
            long lastAcked = state.lastAckedTimestamp();
            double seconds = lag == 0 || lastAcked < 0 ? 0 : Math.max(0, now - lastAcked) / 1000.0;
            state.meter().lag(lag, seconds);
            lagging |= lag > 0;
        }
        return lagging;
    }

    /**
     * The position of each partition with a copy acknowledged since the start, as acknowledged now; none for a
     * partition whose copy the target refused, which is left where Connect's last offset commit put it.
     */
    public List<ReplicationPosition> finalPositions() {
        List<ReplicationPosition> all = new ArrayList<>();
        long now = time.milliseconds();
        for (TopicPartition tp : assigned) {
            PartitionState state = converter.state(tp.topic(), tp.partition());
            long[] position = state.replicatedPosition();
            if (position[1] >= 0 && !state.copyFailed()) {
                all.add(new ReplicationPosition(
                        tp,
                        position[0],
                        position[1],
                        state.sourceEnd(),
                        observedAt(state, now),
                        state.lastAckedTimestamp(),
                        state.topicId(),
                        state.lostRecords()));
            }
        }
        return all;
    }

    /**
     * When a position's source end was seen: the last time the source answered a fetch, so that a drill run after
     * the source went away tells how old its knowledge is; now while no end is known.
     */
    private static long observedAt(PartitionState state, long now) {
        return state.sourceEnd() >= 0 && state.sourceEndSeenAt() >= 0 ? state.sourceEndSeenAt() : now;
    }

    /** The last acknowledgements to the metrics, then every partition's meters closed. */
    public void close() {
        reportCopied();
        converter.states().forEach(state -> state.meter().close());
    }
}
