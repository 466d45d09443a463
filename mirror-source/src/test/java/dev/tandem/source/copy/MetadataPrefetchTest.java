package dev.tandem.source.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class MetadataPrefetchTest {

    /** Metadata answers that wait until released, as a real producer waits for the broker. */
    private static final class SlowMetadata {
        final CountDownLatch answer = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();
        final Map<String, Integer> asked = new ConcurrentHashMap<>();

        List<PartitionInfo> waitFor(String topic) {
            asked.merge(topic, 1, Integer::sum);
            waiting.incrementAndGet();
            try {
                answer.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of();
        }
    }

    @Test
    void shouldAskForManyTopicsAtOnceAndEachOnlyOnce() {
        SlowMetadata slow = new SlowMetadata();
        MockProducer<byte[], byte[]> producer =
                new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                    @Override
                    public List<PartitionInfo> partitionsFor(String topic) {
                        return slow.waitFor(topic);
                    }
                };
        List<String> topics =
                IntStream.range(0, 40).mapToObj(i -> "A.topic-" + i).toList();
        try (MetadataPrefetch prefetch = new MetadataPrefetch(producer, "test")) {
            prefetch.prefetch(topics);
            // All threads wait at once, as they would for one metadata request holding all their topics.
            Await.until(
                    MetadataPrefetch.PARALLEL + " topics asked for at the same time",
                    Duration.ofSeconds(30),
                    () -> slow.waiting.get() == MetadataPrefetch.PARALLEL);
            prefetch.prefetch(topics.subList(0, 10)); // taken up again: not asked twice
            slow.answer.countDown();
            Await.until("every topic asked for", Duration.ofSeconds(30), () -> slow.asked.size() == topics.size());
            Await.until("all answered", Duration.ofSeconds(30), () -> slow.waiting.get() == topics.size());
        }
        assertTrue(slow.asked.values().stream().allMatch(n -> n == 1), "each topic once: " + slow.asked);
        assertEquals(topics.size(), slow.asked.size());
    }
}
