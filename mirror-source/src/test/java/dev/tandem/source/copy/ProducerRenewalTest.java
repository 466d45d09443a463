package dev.tandem.source.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import dev.tandem.testkit.metrics.RecordingMetrics;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProducerRenewalTest {

    private final RecordingMetrics metrics = new RecordingMetrics();
    private final RecordConverter converter =
            new RecordConverter("A", topic -> "A." + topic, (tp, remote) -> metrics.partition("A", "B", tp, remote));

    private List<PartitionState> partitions(int count) {
        return IntStream.range(0, count)
                .mapToObj(p -> converter.state("orders", p))
                .toList();
    }

    @Test
    void shouldRenewOnceFewerThanAQuarterOfThePartitionsWrittenAreBusy() {
        List<PartitionState> states = partitions(ProducerRenewal.MIN_PARTITIONS_WRITTEN);
        ProducerRenewal renewal = new ProducerRenewal();
        states.forEach(state -> renewal.writing(state, 0));
        assertFalse(renewal.due(0), "every partition just written");

        long later = ProducerRenewal.BUSY_WINDOW_MS;
        states.subList(0, 250).forEach(state -> renewal.writing(state, later));
        assertFalse(renewal.due(later), "250 of 1,000 busy: a quarter is not fewer than a quarter");

        states.subList(0, 249).forEach(state -> renewal.writing(state, later + ProducerRenewal.CHECK_INTERVAL_MS));
        long stillBusy = later + ProducerRenewal.BUSY_WINDOW_MS + 1;
        assertFalse(renewal.due(stillBusy - ProducerRenewal.CHECK_INTERVAL_MS - 2), "not checked again so soon");
        assertTrue(renewal.due(stillBusy), "249 written within the last minute");
        assertEquals(249, renewal.busy(stillBusy).size());
        assertEquals(1_000, renewal.written());

        renewal.renewed();
        assertEquals(0, renewal.written(), "the new producer has written to nothing");
        assertFalse(renewal.due(stillBusy + ProducerRenewal.CHECK_INTERVAL_MS));
    }

    @Test
    void shouldNotRenewBelowTheThresholdOfPartitionsWritten() {
        ProducerRenewal renewal = new ProducerRenewal();
        partitions(ProducerRenewal.MIN_PARTITIONS_WRITTEN - 1).forEach(state -> renewal.writing(state, 0));
        assertFalse(renewal.due(10 * ProducerRenewal.BUSY_WINDOW_MS), "999 quiet partitions cost too little");
    }

    @Test
    void shouldKeepAPartitionWrittenWithoutABreakBusy() {
        List<PartitionState> states = partitions(8);
        ProducerRenewal renewal = new ProducerRenewal(8);
        states.forEach(state -> renewal.writing(state, 0));
        PartitionState busy = states.get(7); // the last one stamped: the next records continue it
        for (long now = 0; now <= 2 * ProducerRenewal.BUSY_WINDOW_MS; now += 100) {
            renewal.writing(busy, now);
        }
        assertEquals(List.of(busy), renewal.busy(2 * ProducerRenewal.BUSY_WINDOW_MS));
    }
}
