package dev.tandem.source.offsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.OffsetSync;
import dev.tandem.testkit.time.SteppedTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * The writer against a producer whose acknowledgements the test decides: a sync the cluster refused for a reason
 * that can pass is written again, in order and with its headers; one retrying cannot fix fails the task.
 */
class OffsetSyncWriterTest {

    private static final String TOPIC = "mm2-offset-syncs.B.internal";
    private static final TopicPartition TP = new TopicPartition("orders", 0);
    private static final long HOUR = 3_600_000;

    private final SteppedTime clock = new SteppedTime(1_700_000_000_000L);
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final AtomicInteger written = new AtomicInteger();
    private final OffsetSyncWriter writer =
            new OffsetSyncWriter(producer, TOPIC, new OffsetSyncTracker(HOUR), clock, written::incrementAndGet);

    private List<String> sent() {
        return producer.history().stream()
                .map(r -> {
                    OffsetSync sync = OffsetSync.decode(r.key(), r.value());
                    return sync.upstreamOffset() + "->" + sync.downstreamOffset();
                })
                .toList();
    }

    @Test
    void shouldSendARefusedSyncAgainWithEverySyncAfterItInOrder() {
        writer.newTopic(TP, Uuid.randomUuid());
        writer.onAck(TP, 0, 0); // first sync of the partition, marked as a new source topic
        writer.onAck(TP, 5, 1); // a gap upstream: a break of linearity, synced
        writer.send();
        assertEquals(List.of("0->0", "5->1"), sent());

        // The topic was not yet in the producer's metadata for the first; the second got through.
        producer.errorNext(new TimeoutException("Topic " + TOPIC + " not present in metadata after 60000 ms."));
        producer.completeNext();
        writer.onAck(TP, 10, 2);
        writer.send();

        assertEquals(
                List.of("0->0", "5->1", "0->0", "5->1", "10->2"),
                sent(),
                "the refused sync again, then every later one, so the newest word on the partition stays newest");
        List<ProducerRecord<byte[], byte[]>> history = producer.history();
        assertTrue(history.get(0).headers().toArray().length > 0, "the first sync marks the new topic");
        assertArrayEquals(
                history.get(0).headers().toArray(),
                history.get(2).headers().toArray(),
                "the mark goes with the sync sent again");
        while (producer.completeNext()) {
            // every sync acknowledged
        }
        writer.send();
        assertEquals(5, producer.history().size(), "nothing sent a third time");
        assertEquals(4, written.get());
    }

    @Test
    void shouldWaitABitBeforeSendingAgainAfterAnotherRefusal() {
        writer.onAck(TP, 0, 0);
        writer.send();
        producer.errorNext(new TimeoutException("delivery timed out"));
        writer.send();
        assertEquals(List.of("0->0", "0->0"), sent(), "the first retry goes at once");

        producer.errorNext(new TimeoutException("delivery timed out"));
        writer.send();
        assertEquals(2, producer.history().size(), "no second retry within the backoff");
        clock.advance(OffsetSyncWriter.RESEND_BACKOFF_MS);
        writer.send();
        assertEquals(List.of("0->0", "0->0", "0->0"), sent());
    }

    @Test
    void shouldFailTheTaskOnAnErrorRetryingCannotFix() {
        writer.onAck(TP, 0, 0);
        writer.send();
        producer.errorNext(new RecordTooLargeException("too large"));
        ConnectException failure = assertThrows(ConnectException.class, writer::send);
        assertTrue(failure.getMessage().contains(TOPIC), failure.getMessage());
        assertTrue(failure.getMessage().contains("too large"), failure.getMessage());
    }
}
