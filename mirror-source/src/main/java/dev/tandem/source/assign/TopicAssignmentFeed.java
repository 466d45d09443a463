package dev.tandem.source.assign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the assignments topic the connector writes ({@link AssignmentLog}) and answers with the partitions of one
 * task. After {@link #start} a thread of its own keeps reading the topic, so a change is ready for the task the next
 * time it looks (every poll: within {@code consumer.poll.timeout.ms}), with no wait on the task's thread. A record
 * made for another task count is ignored: it belongs to a layout whose tasks Connect is about to start, and this task
 * is about to be stopped.
 */
public final class TopicAssignmentFeed implements AssignmentFeed {

    private static final Logger log = LoggerFactory.getLogger(TopicAssignmentFeed.class);
    private static final Duration FOLLOW_POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final String topic;
    private final String connector;
    private final int taskIndex;
    private final int taskCount;
    private final KafkaConsumer<byte[], byte[]> consumer;
    /** Only the thread that reads (the caller of start, then the follower). */
    private final Map<String, TopicAssignment> byTopic = new HashMap<>();

    private boolean assigned;
    private Assigned answered = new Assigned(List.of(), Map.of());
    /** The task's partitions when they changed and the task has not taken them yet; guarded by this. */
    private Assigned pending;

    private volatile boolean running = true;
    private Thread follower;

    public TopicAssignmentFeed(
            String topic, String connector, int taskIndex, int taskCount, Map<String, Object> consumerConfig) {
        this.topic = topic;
        this.connector = connector;
        this.taskIndex = taskIndex;
        this.taskCount = taskCount;
        Map<String, Object> settings = new HashMap<>(consumerConfig);
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The connector creates the topic compacted; a consumer must never create it first with the broker's defaults.
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "tandem-" + connector + "-assignments-" + taskIndex);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Assigned start(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (assignIfExists(timeout)) {
                TopicPartition tp = new TopicPartition(topic, 0);
                long end = consumer.endOffsets(List.of(tp), timeout).get(tp);
                while (consumer.position(tp, timeout) < end && System.nanoTime() - deadline < 0) {
                    consumer.poll(Duration.ofMillis(200)).forEach(this::apply);
                }
            }
        } catch (KafkaException e) {
            log.warn(
                    "{} task {}: cannot read its partitions from {} yet ({}); it starts with none and takes them up"
                            + " once the topic can be read",
                    connector,
                    taskIndex,
                    topic,
                    e.toString());
        }
        answered = mine();
        follower = new Thread(this::follow, "tandem-" + connector + "-assignments-" + taskIndex);
        follower.setDaemon(true);
        follower.start();
        return answered;
    }

    @Override
    public synchronized Assigned poll(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (pending == null && running) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Assigned now = pending;
        pending = null;
        return now;
    }

    private void follow() {
        while (running) {
            try {
                if (!assigned && !assignIfExists(RETRY)) {
                    TimeUnit.MILLISECONDS.sleep(RETRY.toMillis());
                    continue;
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(FOLLOW_POLL);
                if (records.isEmpty()) {
                    continue; // nothing new: at 10,000 partitions, working out the share again was 8 % of idle CPU
                }
                records.forEach(this::apply);
                Assigned now = mine();
                if (!now.equals(answered)) {
                    answered = now;
                    synchronized (this) {
                        pending = now;
                        notifyAll();
                    }
                }
            } catch (WakeupException e) {
                // closing
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KafkaException e) {
                log.debug("{} task {}: reading {} failed, trying again: {}", connector, taskIndex, topic, e.toString());
            }
        }
    }

    private boolean assignIfExists(Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        assigned = true;
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String source = record.key() == null ? null : TopicAssignment.topicOf(connector, record.key());
        if (source == null) {
            return;
        }
        if (record.value() == null) {
            byTopic.remove(source);
            return;
        }
        try {
            TopicAssignment assignment = TopicAssignment.parse(source, record.value());
            if (assignment.taskCount() == taskCount) {
                byTopic.put(source, assignment);
            }
        } catch (IllegalArgumentException e) {
            log.warn(
                    "{} task {}: ignoring record at offset {} of {}: {}",
                    connector,
                    taskIndex,
                    record.offset(),
                    topic,
                    e.getMessage());
        }
    }

    private Assigned mine() {
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, Uuid> ids = new HashMap<>();
        for (TopicAssignment assignment : byTopic.values()) {
            for (int p = 0; p < assignment.partitionCount(); p++) {
                if (assignment.taskOf(p) == taskIndex) {
                    partitions.add(assignment.partition(p));
                    ids.put(assignment.topic(), assignment.topicId());
                }
            }
        }
        partitions.sort(PartitionAssigner.ORDER);
        return new Assigned(partitions, ids);
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        if (follower != null) {
            consumer.wakeup();
            try {
                follower.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumer.close();
    }
}
