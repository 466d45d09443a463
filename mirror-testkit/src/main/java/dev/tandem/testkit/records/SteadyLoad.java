package dev.tandem.testkit.records;

import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A background producer writing unique records (key, value, a header, a timestamp) round-robin over a topic's
 * partitions at a steady rate, as an application would while a fault is injected. Records the cluster refused (it was
 * down) are simply not in the source; audits compare against what the source holds, so they need no bookkeeping here.
 */
public final class SteadyLoad implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread thread;

    private SteadyLoad(KafkaTestClient client, String topic, int partitions, int recordsPerSecond, int valueBytes) {
        thread = new Thread(
                () -> produce(client, topic, partitions, recordsPerSecond, valueBytes), "steady-load-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    public static SteadyLoad start(KafkaTestClient client, String topic, int partitions, int recordsPerSecond) {
        return new SteadyLoad(client, topic, partitions, recordsPerSecond, 0);
    }

    /** As {@link #start(KafkaTestClient, String, int, int)}, each value padded to at least {@code valueBytes}. */
    public static SteadyLoad start(
            KafkaTestClient client, String topic, int partitions, int recordsPerSecond, int valueBytes) {
        return new SteadyLoad(client, topic, partitions, recordsPerSecond, valueBytes);
    }

    /** Records the source acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    private void produce(KafkaTestClient client, String topic, int partitions, int recordsPerSecond, int valueBytes) {
        long nanosPerRecord = TimeUnit.SECONDS.toNanos(1) / recordsPerSecond;
        long started = System.nanoTime();
        // One request in flight: a retried first batch of a new topic can otherwise be refused for ever as out of
        // sequence by Kafka 4.3's idempotent producer, and the load would stall.
        try (KafkaProducer<byte[], byte[]> producer =
                client.producer(Map.of("delivery.timeout.ms", 300_000, "max.in.flight.requests.per.connection", 1))) {
            awaitLeaders(producer, topic, partitions);
            for (long i = 0; running.get(); i++) {
                RecordHeaders headers =
                        new RecordHeaders(List.of(new RecordHeader("seq", TestRecords.utf8(Long.toString(i)))));
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                (int) (i % partitions),
                                System.currentTimeMillis(),
                                TestRecords.utf8(topic + "-k" + i),
                                value(topic, i, valueBytes),
                                headers),
                        (metadata, error) -> (error == null ? acknowledged : refused).incrementAndGet());
                long ahead = started + (i + 1) * nanosPerRecord - System.nanoTime();
                if (ahead > TimeUnit.MILLISECONDS.toNanos(5)) {
                    // Pacing to the rate, not a wait for a condition.
                    TimeUnit.NANOSECONDS.sleep(ahead);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] value(String topic, long i, int valueBytes) {
        StringBuilder value = new StringBuilder(topic)
                .append("-value-")
                .append(i)
                .append('-')
                .append(Long.toHexString(i * 2654435761L));
        while (value.length() < valueBytes) {
            value.append((char) ('a' + value.length() % 26));
        }
        return TestRecords.utf8(value.toString());
    }

    private static void awaitLeaders(KafkaProducer<byte[], byte[]> producer, String topic, int partitions)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (producer.partitionsFor(topic).size() < partitions
                || producer.partitionsFor(topic).stream()
                        .anyMatch(p -> p.leader() == null || p.leader().isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("partitions of " + topic + " have no leader after 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Stops producing and waits until every record sent is acknowledged or refused. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(Duration.ofMinutes(6).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the load on " + thread.getName() + " did not stop within 6 minutes");
        }
    }

    @Override
    public String toString() {
        return acknowledged.get() + " records acknowledged, " + refused.get() + " refused";
    }
}
