package dev.tandem.source.assign;

import dev.tandem.client.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The connector's side of the assignment topic: which task copies which partition, one compacted record per source
 * topic. Tasks follow the topic ({@link TopicAssignmentFeed}) and take up or drop partitions while they run, so a new
 * topic reaches a task without a new task config and without stopping any task; and a restarted connector reads its
 * last assignment back, so partitions stay on their tasks across restarts.
 *
 * <p>Only topics whose assignment changed are written. Not thread-safe: the connector calls it under its lock.
 */
public final class AssignmentLog implements AutoCloseable {

    private final String topic;
    private final String connector;
    private final Map<String, Object> consumerConfig;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Duration timeout;
    /** What the topic holds for this connector, by source topic. */
    private final Map<String, TopicAssignment> written = new HashMap<>();

    public AssignmentLog(
            String topic,
            String connector,
            Map<String, Object> producerConfig,
            Map<String, Object> consumerConfig,
            Duration timeout) {
        this.topic = topic;
        this.connector = connector;
        this.consumerConfig = consumerConfig;
        this.timeout = timeout;
        Map<String, Object> settings = new HashMap<>(producerConfig);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "tandem-" + connector + "-assignments");
        this.producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Reads back what the topic holds for this connector. */
    public void load() {
        written.clear();
        TopicReader.readAll(consumerConfig, topic, timeout, record -> {
            String source = TopicAssignment.topicOf(connector, record.key());
            if (source == null) {
                return;
            }
            if (record.value() == null) {
                written.remove(source);
            } else {
                written.put(source, TopicAssignment.parse(source, record.value()));
            }
        });
    }

    /** The task of each partition, as last written. */
    public Map<TopicPartition, Integer> current() {
        Map<TopicPartition, Integer> taskOf = new HashMap<>();
        for (TopicAssignment assignment : written.values()) {
            for (int p = 0; p < assignment.partitionCount(); p++) {
                taskOf.put(assignment.partition(p), assignment.taskOf(p));
            }
        }
        return taskOf;
    }

    /** The task count of what was last written; -1 when nothing was, or the records disagree. */
    public int currentTaskCount() {
        Set<Integer> counts = new HashSet<>();
        written.values().forEach(assignment -> counts.add(assignment.taskCount()));
        return counts.size() == 1 ? counts.iterator().next() : -1;
    }

    /**
     * Writes the records of the topics whose assignment (or source topic id, from {@code topicIds}) differs from what
     * the topic holds, and tombstones for topics no longer assigned; returns how many records it wrote, once the
     * target has them all.
     */
    public int publish(Map<TopicPartition, Integer> taskOf, int taskCount, Map<String, Uuid> topicIds)
            throws Exception {
        Map<String, TreeMap<Integer, Integer>> byTopic = new HashMap<>();
        taskOf.forEach((tp, task) ->
                byTopic.computeIfAbsent(tp.topic(), t -> new TreeMap<>()).put(tp.partition(), task));
        Map<String, TopicAssignment> next = new HashMap<>();
        byTopic.forEach((source, tasks) -> {
            int[] array = new int[tasks.lastKey() + 1];
            Arrays.fill(array, -1); // a partition not yet ready has no task
            tasks.forEach((partition, task) -> array[partition] = task);
            next.put(
                    source,
                    new TopicAssignment(source, taskCount, array, topicIds.getOrDefault(source, Uuid.ZERO_UUID)));
        });
        List<Future<?>> sends = new ArrayList<>();
        next.forEach((source, assignment) -> {
            if (!assignment.equals(written.get(source))) {
                sends.add(producer.send(
                        new ProducerRecord<>(topic, 0, TopicAssignment.key(connector, source), assignment.value())));
            }
        });
        for (String gone : written.keySet()) {
            if (!next.containsKey(gone)) {
                sends.add(producer.send(new ProducerRecord<>(topic, 0, TopicAssignment.key(connector, gone), null)));
            }
        }
        producer.flush();
        for (Future<?> send : sends) {
            send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        written.clear();
        written.putAll(next);
        return sends.size();
    }

    @Override
    public void close() {
        close(timeout);
    }

    /** Closes within {@code limit}: an assignment not yet written is written again by the connector's next start. */
    public void close(Duration limit) {
        producer.close(limit);
    }
}
