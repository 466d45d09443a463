package dev.tandem.client.offsets;

import dev.tandem.client.records.OffsetSync;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows an offset-syncs topic from its beginning into an {@link OffsetSyncStore}, on its own thread, for as long
 * as it runs. Translations are trustworthy once it has caught up with the topic's end as of its start
 * ({@link #isCaughtUp()}): before that, a rewind or a recreated target could still be unread. A topic that does not
 * exist yet is waited for.
 */
public final class OffsetSyncReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncReader.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final String topic;
    private final OffsetSyncStore store;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public OffsetSyncReader(Map<String, Object> consumerConfig, String topic, OffsetSyncStore store, String name) {
        this.topic = topic;
        this.store = store;
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        // Only reads: asking for a topic that is not there must not make the broker create it with its defaults
        // (an uncompacted offset-syncs topic on a source that should hold none).
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, name);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public OffsetSyncReader start() {
        thread.start();
        return this;
    }

    public OffsetSyncStore store() {
        return store;
    }

    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            TopicPartition partition = awaitTopic();
            if (partition == null) {
                return;
            }
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            Long endAtStart = whileUnreachable(
                    () -> consumer.endOffsets(List.of(partition)).get(partition));
            while (running && endAtStart != null) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (caughtUp.getCount() > 0) {
                    Long position = whileUnreachable(() -> consumer.position(partition));
                    if (position != null && position >= endAtStart) {
                        log.info("Read offset syncs from {} up to {}", topic, endAtStart);
                        caughtUp.countDown();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error(
                    "Reading offset syncs from {} stopped: {}. Translations through it stay as they were; the task"
                            + " restarts it on its next restart.",
                    topic,
                    e.toString(),
                    e);
        } finally {
            closeWithin(Duration.ofSeconds(5));
        }
    }

    /**
     * {@code call}'s answer, asked again each second while the cluster does not answer (a timeout); null once the
     * reader is closed. The cluster's outage is the driver's to report, so this says it only once, at INFO.
     */
    private <T> T whileUnreachable(java.util.function.Supplier<T> call) {
        boolean said = false;
        while (running) {
            try {
                return call.get();
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (!said) {
                    log.info(
                            "Offset syncs in {} cannot be read now ({}); trying again every second",
                            topic,
                            e.getMessage());
                    said = true;
                }
                try {
                    if (closed.await(1, TimeUnit.SECONDS)) {
                        return null;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }
        return null;
    }

    // close(Duration) is deprecated in 4.x for close(CloseOptions), which 3.x clients lack; the checkpoint connector
    // runs on a Connect worker's kafka-clients, 3.x included.
    @SuppressWarnings("deprecation")
    private void closeWithin(Duration timeout) {
        consumer.close(timeout);
    }

    private TopicPartition awaitTopic() {
        boolean warned = false;
        while (running) {
            List<PartitionInfo> partitions =
                    whileUnreachable(() -> consumer.partitionsFor(topic, Duration.ofSeconds(5)));
            if (partitions != null && !partitions.isEmpty()) {
                return new TopicPartition(topic, 0);
            }
            if (!warned) {
                log.info(
                        "Offset-syncs topic {} does not exist yet; waiting for the source connector to create it",
                        topic);
                warned = true;
            }
            try {
                if (closed.await(1, TimeUnit.SECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            store.add(
                    OffsetSync.decode(record.key(), record.value()),
                    OffsetSyncHeaders.topicId(record.headers()),
                    OffsetSyncHeaders.newTopic(record.headers()));
        } catch (IllegalArgumentException e) {
            log.warn("Skipping unreadable record at offset {} of {}: {}", record.offset(), topic, e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        closed.countDown();
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
