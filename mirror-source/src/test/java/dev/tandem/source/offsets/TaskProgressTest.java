package dev.tandem.source.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import dev.tandem.testkit.metrics.RecordingMetrics;
import dev.tandem.testkit.time.SteppedTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What a source task reports of its progress, on a clock of its own: metrics in batches, lag and positions each second. */
class TaskProgressTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);

    private final SteppedTime time = new SteppedTime(1_700_000_000_000L);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordConverter converter =
            new RecordConverter("A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote));
    private final List<ReplicationPosition> published = new ArrayList<>();
    private final PositionSink positions = new PositionSink() {
        @Override
        public void publish(Map<String, Object> connectPartition, ReplicationPosition position) {
            published.add(position);
        }

        @Override
        public void forget(TopicPartition tp) {}

        @Override
        public void close() {}
    };
    /** The consumer's view: its position and, once fetched, the lag to the partition's end. */
    private final Map<TopicPartition, Long> consumerPosition = new HashMap<>();

    private final Map<TopicPartition, Long> fetchLag = new HashMap<>();
    /** How many times the task asked the consumer for a partition's lag: once per partition per lag pass. */
    private int lagLookups;

    private final TaskProgress.Fetched fetched = new TaskProgress.Fetched() {
        @Override
        public OptionalLong lag(TopicPartition tp) {
            lagLookups++;
            Long lag = fetchLag.get(tp);
            return lag == null ? OptionalLong.empty() : OptionalLong.of(lag);
        }

        @Override
        public long position(TopicPartition tp) {
            return consumerPosition.getOrDefault(tp, 0L);
        }

        @Override
        public long fetchesAnswered() {
            return fetchesAnswered;
        }
    };
    /** Fetches the source answered; -1: the consumer does not say. */
    private long fetchesAnswered = -1;

    private TaskProgress progress(PositionSink sink) {
        TaskProgress progress = new TaskProgress(converter, sink, fetched, time);
        progress.assigned(List.of(ORDERS_0, ORDERS_1));
        return progress;
    }

    private PartitionState state(TopicPartition tp) {
        return converter.state(tp.topic(), tp.partition());
    }

    @Test
    void shouldReportLagAsRecordsOnTheSourceNotYetAcknowledged() {
        TaskProgress progress = progress(positions);
        state(ORDERS_0).startedAt(100);
        for (long offset = 100; offset < 150; offset++) {
            state(ORDERS_0).acknowledged(offset, offset - 100, time.milliseconds() - 2_000, 10, time.milliseconds());
        }
        consumerPosition.put(ORDERS_0, 180L);
        fetchLag.put(ORDERS_0, 20L); // the source ends at 200
        consumerPosition.put(ORDERS_1, 0L);
        fetchLag.put(ORDERS_1, 7L); // nothing acknowledged yet: only what is not fetched is known

        progress.afterPoll(false);

        assertEquals(List.of(50L), metrics.partition(ORDERS_0).lagRecords, "200 on the source, 150 acknowledged");
        assertEquals(
                2.0, metrics.partition(ORDERS_0).lagSeconds.get(0), 0.001, "the newest acknowledged record is 2 s old");
        assertEquals(List.of(7L), metrics.partition(ORDERS_1).lagRecords);
        assertEquals(1, published.size(), "a position only for the partition with a copy acknowledged");
        ReplicationPosition position = published.get(0);
        assertEquals(ORDERS_0, position.topicPartition());
        assertEquals(150, position.upstreamNext());
        assertEquals(50, position.downstreamNext());
        assertEquals(200, position.sourceEnd());
        assertEquals(List.of(50L), metrics.partition(ORDERS_0).copied, "the acknowledgements, once, in one batch");
    }

    @Test
    void shouldReportMetricsEveryTwoHundredMsAndLagEverySecond() {
        TaskProgress progress = progress(positions);
        fetchLag.put(ORDERS_0, 0L);
        progress.afterPoll(false);
        int lagReports = metrics.partition(ORDERS_0).lagRecords.size();

        state(ORDERS_0).acknowledged(0, 0, time.milliseconds(), 10, time.milliseconds());
        time.advance(TaskProgress.METRICS_INTERVAL_MS - 1);
        progress.afterPoll(false);
        assertEquals(List.of(), metrics.partition(ORDERS_0).copied, "not due yet");
        time.advance(1);
        progress.afterPoll(false);
        assertEquals(List.of(1L), metrics.partition(ORDERS_0).copied);
        assertEquals(lagReports, metrics.partition(ORDERS_0).lagRecords.size(), "lag is not due before a second");

        time.advance(TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(false);
        assertEquals(lagReports + 1, metrics.partition(ORDERS_0).lagRecords.size());
    }

    /**
     * With nothing polled or acknowledged and no lag, the figures cannot have changed: the pass over every partition
     * runs every ten seconds instead of every second, and at once when something moves.
     */
    @Test
    void shouldPassOverAnIdleTasksPartitionsOnlyEveryTenSeconds() {
        TaskProgress progress = progress(positions);
        fetchLag.put(ORDERS_0, 0L);
        fetchLag.put(ORDERS_1, 0L);
        progress.afterPoll(false);
        assertEquals(2, lagLookups, "the first pass covers both partitions");

        for (int i = 1; i < TaskProgress.IDLE_PASS_INTERVAL_MS / TaskProgress.LAG_INTERVAL_MS; i++) {
            time.advance(TaskProgress.LAG_INTERVAL_MS);
            progress.afterPoll(false);
        }
        assertEquals(2, lagLookups, "nine idle seconds: no pass");
        time.advance(TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(false);
        assertEquals(4, lagLookups, "ten seconds after the last one, a pass all the same");

        time.advance(TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(true);
        assertEquals(6, lagLookups, "records polled: the next second's pass");

        state(ORDERS_0).acknowledged(0, 0, time.milliseconds(), 10, time.milliseconds());
        time.advance(TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(false);
        assertEquals(8, lagLookups, "a record acknowledged: the next second's pass");
        assertEquals(1, published.get(published.size() - 1).upstreamNext(), "its position, at once");

        fetchLag.put(ORDERS_1, 3L); // records on the source the task does not copy (paused, say)
        time.advance(TaskProgress.IDLE_PASS_INTERVAL_MS);
        progress.afterPoll(false);
        int lagReports = metrics.partition(ORDERS_1).lagRecords.size();
        for (int i = 0; i < 3; i++) {
            time.advance(TaskProgress.LAG_INTERVAL_MS);
            progress.afterPoll(false);
        }
        assertEquals(lagReports + 3, metrics.partition(ORDERS_1).lagRecords.size(), "lag: a pass every second");
    }

    @Test
    void shouldKeepTheLastKnownEndWhenTheSourceStopsAnswering() {
        TaskProgress progress = progress(positions);
        state(ORDERS_0).acknowledged(9, 9, time.milliseconds(), 10, time.milliseconds());
        consumerPosition.put(ORDERS_0, 10L);
        fetchLag.put(ORDERS_0, 5L);
        progress.afterPoll(false);

        fetchLag.remove(ORDERS_0); // no fetch metadata any more
        time.advance(TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(false);
        assertEquals(List.of(5L, 5L), metrics.partition(ORDERS_0).lagRecords, "still 15 on the source, 10 copied");
        assertEquals(15, published.get(published.size() - 1).sourceEnd());
    }

    @Test
    void shouldDateTheSourceEndByTheLastFetchTheSourceAnswered() {
        TaskProgress progress = progress(positions);
        state(ORDERS_0).acknowledged(9, 9, time.milliseconds(), 10, time.milliseconds());
        consumerPosition.put(ORDERS_0, 10L);
        fetchLag.put(ORDERS_0, 5L);
        fetchesAnswered = 40;
        progress.afterPoll(false);
        long seen = time.milliseconds();
        assertEquals(seen, published.get(published.size() - 1).observedAt());

        fetchesAnswered = 41;
        state(ORDERS_0).acknowledged(10, 10, time.milliseconds(), 10, time.milliseconds());
        time.advance(TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(false);
        seen = time.milliseconds();
        assertEquals(seen, published.get(published.size() - 1).observedAt(), "answered since: seen now");

        // The source goes away: the consumer keeps its last end, and no fetch is answered any more.
        state(ORDERS_0).acknowledged(11, 11, time.milliseconds(), 10, time.milliseconds());
        time.advance(16 * TaskProgress.LAG_INTERVAL_MS);
        progress.afterPoll(false);
        ReplicationPosition last = published.get(published.size() - 1);
        assertEquals(12, last.upstreamNext(), "the copy's progress is current");
        assertEquals(seen, last.observedAt(), "the end is as old as the last answer, 16 s ago");
        assertEquals(seen, progress.finalPositions().get(0).observedAt());
    }

    @Test
    void shouldGiveFinalPositionsOnlyForCopiesThatLanded() {
        TaskProgress progress = progress(null); // no positions written while running
        state(ORDERS_0).acknowledged(41, 7, time.milliseconds(), 10, time.milliseconds());
        state(ORDERS_1).acknowledged(3, 3, time.milliseconds(), 10, time.milliseconds());
        state(ORDERS_1).markCopyFailed();

        progress.afterPoll(false);
        List<ReplicationPosition> last = progress.finalPositions();

        assertEquals(1, last.size(), "none for the partition whose copy the target refused: " + last);
        assertEquals(ORDERS_0, last.get(0).topicPartition());
        assertEquals(42, last.get(0).upstreamNext());
        assertEquals(8, last.get(0).downstreamNext());
        assertEquals(time.milliseconds(), last.get(0).observedAt());
    }

    @Test
    void shouldReportTheLastAcknowledgementsAndCloseEveryMeterOnClose() {
        TaskProgress progress = progress(positions);
        state(ORDERS_0).acknowledged(0, 0, time.milliseconds(), 10, time.milliseconds());
        state(ORDERS_1);
        progress.close();
        assertEquals(List.of(1L), metrics.partition(ORDERS_0).copied);
        assertTrue(metrics.partition(ORDERS_0).closed()
                && metrics.partition(ORDERS_1).closed());
    }
}
