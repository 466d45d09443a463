package dev.tandem.testkit.kafka;

import dev.tandem.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Everyday operations on a test cluster: topics, producing, reading everything back. One admin client, reused. */
public final class KafkaTestClient implements AutoCloseable {

    private static final long TIMEOUT_S = 30;
    private static final Duration LEADER_WAIT = Duration.ofSeconds(120);

    private final KafkaCluster cluster;
    private final Admin admin;

    public KafkaTestClient(KafkaCluster cluster) {
        this.cluster = cluster;
        this.admin = Admin.create(new HashMap<>(cluster.clientConfig()));
    }

    public Admin admin() {
        return admin;
    }

    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    public void createTopic(String topic, int partitions, Map<String, String> configs) {
        createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs)));
    }

    /** Creates the topics in one request and waits until every partition's leader answers (see awaitLeaders). */
    public void createTopics(Collection<NewTopic> topics) {
        try {
            admin.createTopics(topics).all().get(LEADER_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Creating " + topics.size() + " topics on " + cluster + " failed", e);
        }
        awaitLeaders(topics.stream().map(NewTopic::name).toList());
    }

    /**
     * Waits until the leader of every partition of {@code topics} answers ListOffsets, which only a partition's
     * leader serves. A producer that writes to a partition just created before its leader takes writes gets
     * NOT_LEADER_OR_FOLLOWER, and its retry can then meet OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout
     * (ManyTopicsIT, 500 new topics, failed so in a run of 2026-12-07: two minutes, then "Expiring 1 record(s)").
     */
    public void awaitLeaders(Collection<String> topics) {
        Await.until(topics.size() + " new topics led on " + cluster, LEADER_WAIT, () -> {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            get(admin.describeTopics(topics).allTopicNames())
                    .forEach((name, description) -> description
                            .partitions()
                            .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            admin.listOffsets(request).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            return true;
        });
    }

    public Set<String> topics() {
        return get(admin.listTopics().names());
    }

    /** Partition count of {@code topic}, or 0 when it does not exist. */
    public int partitionCount(String topic) {
        try {
            Map<String, TopicDescription> described =
                    admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS);
            return described.get(topic).partitions().size();
        } catch (ExecutionException e) {
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Log end offset of each partition of {@code topic}. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        int partitions = partitionCount(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> end = new HashMap<>();
        get(admin.listOffsets(request).all()).forEach((tp, info) -> end.put(tp, info.offset()));
        return end;
    }

    /** Sum of the end offsets of {@code topic}'s partitions; 0 when it does not exist. */
    public long endOffsetSum(String topic) {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** A producer of raw bytes; the caller closes it. */
    public KafkaProducer<byte[], byte[]> producer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(overrides);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends every record and waits until all are acknowledged; returns their metadata in order. */
    public List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = producer(Map.of())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            List<RecordMetadata> metadata = new ArrayList<>(sent.size());
            for (Future<RecordMetadata> future : sent) {
                metadata.add(future.get(TIMEOUT_S, TimeUnit.SECONDS));
            }
            return metadata;
        } catch (Exception e) {
            throw new IllegalStateException("Producing to " + cluster + " failed", e);
        }
    }

    /** A consumer of raw bytes without a group; the caller closes it. */
    public KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(cluster.clientConfig());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record of {@code topic} from its start to its end offsets as of this call, in partition order. */
    public List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(TIMEOUT_S));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + topic + " on " + cluster + " did not reach " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            records.sort((a, b) -> a.partition() != b.partition()
                    ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return records;
        }
    }

    /** Commits {@code offsets} for {@code group} through the group coordinator, as a consumer of the group would. */
    public void commit(String group, Map<TopicPartition, Long> offsets) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(config)) {
            consumer.assign(offsets.keySet());
            Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
            offsets.forEach((tp, offset) -> commits.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(commits, Duration.ofSeconds(TIMEOUT_S));
        }
    }

    /** Committed offsets of {@code group}, by partition. */
    public Map<TopicPartition, Long> committed(String group) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata())
                .forEach((tp, om) -> offsets.put(tp, om == null ? null : om.offset()));
        return offsets;
    }

    /** The records of one partition from {@code offset} to its end as of this call, as a consumer starting there reads them. */
    public List<ConsumerRecord<byte[], byte[]>> readFrom(TopicPartition tp, long offset) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            Map<TopicPartition, Long> end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(TIMEOUT_S));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Reading " + tp + " on " + cluster + " did not reach " + end);
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static boolean reached(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_S)).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                .collect(Collectors.toList());
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }
}
