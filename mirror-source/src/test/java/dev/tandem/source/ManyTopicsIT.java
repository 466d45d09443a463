package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Five hundred topics, then twenty more while the connector runs, then one more after a connector restart: every
 * record of every topic arrives once, in order, with its key, value, headers and timestamp; the new topics reach the
 * running tasks without new task configs and without any task being started again; the task configs in Connect's
 * config topic stay small and the same size; and the restart moves no partition.
 */
class ManyTopicsIT {

    private static final String CONNECTOR = "A->B.source";
    private static final String WORKER_GROUP = "tandem-it-many";
    private static final String ASSIGNMENTS = "tandem-assignments.A.internal";
    private static final int FIRST = 500;
    private static final int MORE = 20;
    private static final int RECORDS_PER_TOPIC = 2;
    private static final Duration COPY_DEADLINE = Duration.ofMinutes(5);

    @Test
    void shouldTakeUpNewTopicsWithoutNewTaskConfigsOrTaskRestarts() throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            List<String> first = topics(0, FIRST);
            createAndFill(onA, first);

            try (ConnectWorker worker = ConnectWorker.start(clusters.b, WORKER_GROUP, Map.of())) {
                worker.rest().putConnector(CONNECTOR, FlowConfigs.source(clusters.a, clusters.b, "many-.*", 2));
                awaitCopied(onB, first);
                Await.until(
                        "both tasks run",
                        Duration.ofSeconds(60),
                        () -> worker.rest().isRunning(CONNECTOR, 2));

                JsonNode tasksBefore = worker.rest()
                        .call("GET", "/connectors/" + ConnectRestClient.encode(CONNECTOR) + "/tasks", null, 200);
                ConfigTopic before = ConfigTopic.read(onB);
                double startsBefore = taskStartupAttempts();

                List<String> more = topics(FIRST, FIRST + MORE);
                createAndFill(onA, more);
                awaitCopied(onB, more);

                JsonNode tasksAfter = worker.rest()
                        .call("GET", "/connectors/" + ConnectRestClient.encode(CONNECTOR) + "/tasks", null, 200);
                ConfigTopic after = ConfigTopic.read(onB);
                assertEquals(tasksBefore, tasksAfter, "the task configs did not change with 20 more topics");
                assertEquals(
                        before.taskConfigCommits,
                        after.taskConfigCommits,
                        "no new task configs were committed to Connect's config topic");
                assertEquals(startsBefore, taskStartupAttempts(), "no task was started again");
                assertTrue(
                        after.largestTaskConfigBytes <= 16 * 1024,
                        "largest task config record " + after.largestTaskConfigBytes + " bytes");
                assertEquals(before.largestTaskConfigBytes, after.largestTaskConfigBytes);

                // A connector restart keeps every partition on its task: it reads the layout back from the
                // assignments topic, so one more topic afterwards adds exactly one assignment record.
                long assignmentsBefore = onB.endOffsetSum(ASSIGNMENTS);
                worker.rest()
                        .call(
                                "POST",
                                "/connectors/" + ConnectRestClient.encode(CONNECTOR) + "/restart",
                                null,
                                202,
                                204);
                List<String> last = topics(FIRST + MORE, FIRST + MORE + 1);
                createAndFill(onA, last);
                awaitCopied(onB, last);
                assertEquals(assignmentsBefore + 1, onB.endOffsetSum(ASSIGNMENTS), "only the new topic's assignment");
                assertEquals(startsBefore, taskStartupAttempts(), "no task was started again by the restart");

                List<String> all = new ArrayList<>(first);
                all.addAll(more);
                all.addAll(last);
                Map<String, List<ConsumerRecord<byte[], byte[]>>> source = readAll(onA, all);
                Map<String, List<ConsumerRecord<byte[], byte[]>>> target = readAll(onB, remote(all));
                for (String topic : all) {
                    RecordAssertions.assertSameRecords(topic, source.get(topic), target.get("A." + topic));
                }
            }
        }
    }

    private static List<String> topics(int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < to; i++) {
            names.add(String.format("many-%04d", i));
        }
        return names;
    }

    private static List<String> remote(List<String> topics) {
        return topics.stream().map(t -> "A." + t).toList();
    }

    /** Creates the topics, one partition each, in one request, and writes two records with headers to each. */
    private static void createAndFill(KafkaTestClient on, List<String> topics) throws Exception {
        List<NewTopic> newTopics =
                topics.stream().map(t -> new NewTopic(t, 1, (short) 1)).toList();
        on.createTopics(newTopics);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        long timestamp = System.currentTimeMillis() - 60_000;
        for (String topic : topics) {
            for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                        topic, 0, timestamp + i, bytes(topic + "-key-" + i), bytes(topic + "-value-" + i));
                record.headers().add("n", bytes(Integer.toString(i)));
                records.add(record);
            }
        }
        on.produce(records);
    }

    private static void awaitCopied(KafkaTestClient onB, List<String> topics) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        remote(topics).forEach(t -> request.put(new TopicPartition(t, 0), OffsetSpec.latest()));
        Await.until(topics.size() + " remote topics hold every record", COPY_DEADLINE, () -> {
            if (!onB.topics()
                    .containsAll(
                            request.keySet().stream().map(TopicPartition::topic).toList())) {
                return false;
            }
            var ends = onB.admin().listOffsets(request).all().get(30, TimeUnit.SECONDS);
            return ends.values().stream().allMatch(info -> info.offset() >= RECORDS_PER_TOPIC);
        });
    }

    /** Every record of the topics (one partition each), by topic, from one consumer. */
    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> readAll(KafkaTestClient on, List<String> topics)
            throws Exception {
        List<TopicPartition> partitions =
                topics.stream().map(t -> new TopicPartition(t, 0)).toList();
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byTopic = new HashMap<>();
        topics.forEach(t -> byTopic.put(t, new ArrayList<>()));
        try (KafkaConsumer<byte[], byte[]> consumer =
                on.consumer(Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000))) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                assertTrue(System.nanoTime() < deadline, "read every record within 2 minutes");
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> byTopic.get(r.topic()).add(r));
            }
        }
        return byTopic;
    }

    /** Connect's own count of task starts on this worker (the JMX metric connect-worker-metrics). */
    private static double taskStartupAttempts() throws Exception {
        Object value = ManagementFactory.getPlatformMBeanServer()
                .getAttribute(
                        new ObjectName("kafka.connect:type=connect-worker-metrics"), "task-startup-attempts-total");
        return ((Number) value).doubleValue();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What Connect's config topic holds for the connector: task-config commits and the largest task config. */
    private record ConfigTopic(int taskConfigCommits, int largestTaskConfigBytes) {

        static ConfigTopic read(KafkaTestClient onB) {
            int commits = 0;
            int largest = 0;
            for (ConsumerRecord<byte[], byte[]> record : onB.consumeAll(WORKER_GROUP + ".configs.internal")) {
                String key = new String(record.key(), StandardCharsets.UTF_8);
                if (key.equals("commit-" + CONNECTOR)) {
                    commits++;
                } else if (key.startsWith("task-" + CONNECTOR + "-") && record.value() != null) {
                    largest = Math.max(largest, record.value().length);
                }
            }
            return new ConfigTopic(commits, largest);
        }
    }
}
