package dev.tandem.bench.pipe;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The practical ceiling of any consumer-to-producer replicator: one thread, byte-array clients, no framework,
 * no offset tracking. It copies a fixed list of topics from the start to {@code <prefix><topic>} on the target,
 * same partition, key, value, timestamp and headers, and runs until SIGTERM.
 */
public final class PipeReplicator {

    public static final String SOURCE_BOOTSTRAP = "source.bootstrap.servers";
    public static final String TARGET_BOOTSTRAP = "target.bootstrap.servers";
    public static final String TOPICS = "topics";
    public static final String PREFIX = "remote.topic.prefix";

    private PipeReplicator() {}

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(in);
        }
        List<String> topics = List.of(props.getProperty(TOPICS).split(","));
        String prefix = props.getProperty(PREFIX);
        List<TopicPartition> partitions = createRemoteTopics(props, topics, prefix);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.set(false);
            try {
                main.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        consumerConfig(props), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        producerConfig(props), new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            System.out.println("pipe: copying " + partitions.size() + " partitions");
            while (running.get() && failure.get() == null) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(
                            new ProducerRecord<>(
                                    prefix + r.topic(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers()),
                            (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                }
                            });
                }
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static List<TopicPartition> createRemoteTopics(Properties props, List<String> topics, String prefix)
            throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        try (Admin source = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.getProperty(SOURCE_BOOTSTRAP)));
                Admin target = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, props.getProperty(TARGET_BOOTSTRAP)))) {
            // A fixed list: topics created later (the discovery probe) are not the pipe's to find.
            Set<String> existing = source.listTopics().names().get();
            List<String> present = topics.stream().filter(existing::contains).toList();
            Map<String, TopicDescription> described =
                    source.describeTopics(present).allTopicNames().get();
            // Remote topics made beforehand are kept: the scale command creates them itself, to time the creation
            // of thousands of partitions apart from the copy.
            Set<String> onTarget = target.listTopics().names().get();
            List<NewTopic> remote = new ArrayList<>();
            for (TopicDescription topic : described.values()) {
                if (!onTarget.contains(prefix + topic.name())) {
                    remote.add(new NewTopic(
                            prefix + topic.name(), topic.partitions().size(), (short) 1));
                }
                topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition())));
            }
            // A topic the scale command created may not be listed yet: one that exists is what was wanted.
            for (var created : target.createTopics(remote).values().values()) {
                try {
                    created.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
        return partitions;
    }

    private static Map<String, Object> consumerConfig(Properties props) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, props.getProperty(SOURCE_BOOTSTRAP));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
        return config;
    }

    private static Map<String, Object> producerConfig(Properties props) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, props.getProperty(TARGET_BOOTSTRAP));
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return config;
    }
}
