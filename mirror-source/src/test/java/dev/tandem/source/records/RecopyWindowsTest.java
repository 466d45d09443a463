package dev.tandem.source.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RecopyWindowsTest {

    private final TopicPartition p0 = new TopicPartition("orders", 0);
    private final TopicPartition p1 = new TopicPartition("orders", 1);

    @Test
    void shouldStopAtTheBoundAndGoOnWhereTheCopyWas() {
        RecopyWindows windows = new RecopyWindows();
        windows.add(p0, 100, 4_000);
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(p0, p1));

        assertTrue(windows.keep(p0, record(p0, 99)), "below the bound: copied again");
        assertFalse(windows.keep(p0, record(p0, 100)), "the new remote topic holds it already");
        assertFalse(windows.keep(p0, record(p0, 101)));
        assertTrue(windows.keep(p1, record(p1, 100)), "other partitions are not bounded");
        windows.skipReached(consumer);

        assertEquals(4_000, consumer.position(p0), "on from where the copy had reached");
        assertTrue(windows.isEmpty(), "the window is done");
        assertTrue(windows.keep(p0, record(p0, 4_000)));
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, new byte[] {1}, new byte[] {2});
    }
}
