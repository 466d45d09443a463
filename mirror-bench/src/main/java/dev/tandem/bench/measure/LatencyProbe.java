package dev.tandem.bench.measure;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes records to the source at a fixed rate, each stamped with its send time, and reads their copies on the
 * target: latency = time seen on the target - time sent, on one clock (both clusters are on this machine).
 *
 * <p>The send time is taken twice: as the record's timestamp (milliseconds, which decides whether the record falls in
 * the measured window) and as {@link System#nanoTime()} in the value's first 8 bytes, which this JVM reads back on the
 * target. The latency is the latter difference, in microseconds: record timestamps alone round every latency to a
 * whole millisecond, and two replicators' p99s of 8 and 9 ms said nothing about which was faster.
 */
public final class LatencyProbe {

    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** Key (the record's number) and the send time in the value. */
    private static final int STAMP_BYTES = Long.BYTES;

    private final String sourceBootstrap;
    private final String targetBootstrap;
    private final EndOffsets target;

    public LatencyProbe(String sourceBootstrap, String targetBootstrap, EndOffsets target) {
        this.sourceBootstrap = sourceBootstrap;
        this.targetBootstrap = targetBootstrap;
        this.target = target;
    }

    /**
     * Measures over {@code duration} after {@code warmup}; writes, per 100 ms of send time, the records sent in it
     * and their slowest and median latency to {@code timeline} (CSV), to tell a steady tail from a few stalls.
     */
    public Latency measure(
            String topic,
            String remoteTopic,
            int partitions,
            int recordBytes,
            int rate,
            Duration warmup,
            Duration duration,
            Path timeline)
            throws Exception {
        if (recordBytes < 2 * STAMP_BYTES) {
            throw new IllegalArgumentException("Latency records need at least " + 2 * STAMP_BYTES
                    + " bytes (a key and a send time of 8 bytes each); the case asks for " + recordBytes);
        }
        awaitRemoteTopic(remoteTopic, partitions);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> remote = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                remote.add(new TopicPartition(remoteTopic, p));
            }
            consumer.assign(remote);
            consumer.seekToEnd(remote);
            remote.forEach(consumer::position); // resolve now, so no record sent below is skipped
            long startMillis = System.currentTimeMillis();
            long measureFrom = startMillis + warmup.toMillis();
            AtomicLong sent = new AtomicLong();
            CompletableFuture<Void> producing = CompletableFuture.runAsync(
                    () -> produce(topic, partitions, recordBytes, rate, warmup.plus(duration), sent));
            long[] latencies = new long[(int) (rate * duration.toSeconds() * 2 + 1000)];
            long[] sentAt = new long[latencies.length];
            int measured = 0;
            long received = 0;
            long drainDeadline = Long.MAX_VALUE;
            while (System.currentTimeMillis() < drainDeadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long seenNanos = System.nanoTime();
                    received++;
                    if (record.timestamp() >= measureFrom && measured < latencies.length) {
                        sentAt[measured] = record.timestamp() - measureFrom;
                        long sentNanos =
                                ByteBuffer.wrap(record.value(), 0, STAMP_BYTES).getLong();
                        latencies[measured++] = (seenNanos - sentNanos) / 1_000;
                    }
                }
                if (producing.isDone()) {
                    producing.join(); // rethrows a producer failure
                    if (received >= sent.get()) {
                        break;
                    }
                    drainDeadline = Math.min(drainDeadline, System.currentTimeMillis() + DRAIN_TIMEOUT.toMillis());
                }
            }
            LatencyTimeline.write(
                    timeline, measureFrom, Arrays.copyOf(sentAt, measured), Arrays.copyOf(latencies, measured));
            long[] sorted = Arrays.copyOf(latencies, measured);
            Arrays.sort(sorted);
            return new Latency(
                    percentile(sorted, 0.50) / 1_000.0,
                    percentile(sorted, 0.99) / 1_000.0,
                    measured,
                    sent.get(),
                    received);
        }
    }

    private void awaitRemoteTopic(String remoteTopic, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + TOPIC_TIMEOUT.toNanos();
        while (target.of(remoteTopic, partitions).size() < partitions) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Remote topic " + remoteTopic + " did not appear on the target within " + TOPIC_TIMEOUT);
            }
            Thread.sleep(100);
        }
    }

    private void produce(String topic, int partitions, int recordBytes, int rate, Duration duration, AtomicLong sent) {
        byte[] filler = new byte[recordBytes - 2 * STAMP_BYTES];
        Arrays.fill(filler, (byte) 'x');
        long startNanos = System.nanoTime();
        long endNanos = startNanos + duration.toNanos();
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            long n = 0;
            while (System.nanoTime() < endNanos) {
                long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
                for (; n < due; n++) {
                    byte[] key = ByteBuffer.allocate(STAMP_BYTES).putLong(n).array();
                    byte[] value = ByteBuffer.allocate(STAMP_BYTES + filler.length)
                            .putLong(System.nanoTime())
                            .put(filler)
                            .array();
                    producer.send(new ProducerRecord<>(
                            topic, (int) (n % partitions), System.currentTimeMillis(), key, value));
                }
                sent.set(n);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            producer.flush();
            sent.set(n);
        }
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return -1;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, sourceBootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, targetBootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return config;
    }
}
