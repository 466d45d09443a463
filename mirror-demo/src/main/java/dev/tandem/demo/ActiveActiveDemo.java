package dev.tandem.demo;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.runtime.MirrorMakerRuntime;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Tandem's driver running active/active between two local Kafka clusters: {@code orders} is written on A,
 * {@code payments} on B, each replicated to the other cluster, while a consumer group on each cluster reads and
 * commits; progress shows records copied per flow, lag, and how far each group's checkpoints on the other cluster
 * trail its commits. At the end every record is checked on the other side. Everything binds to 127.0.0.1; Ctrl-C
 * stops it cleanly.
 *
 * <p>Arguments: {@code [seconds of traffic, default 20] [records per second per cluster, default 2000]}.
 */
public final class ActiveActiveDemo {

    private static final AtomicBoolean RUNNING = new AtomicBoolean(true);
    /** Set by Ctrl-C: the JVM is already exiting, so main must return rather than call System.exit (which would block). */
    private static final AtomicBoolean SIGNALLED = new AtomicBoolean();

    private ActiveActiveDemo() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (RUNNING.getAndSet(false)) {
                SIGNALLED.set(true);
                System.out.println("\nCtrl-C: stopping traffic, the driver and both clusters...");
                try {
                    main.join(TimeUnit.SECONDS.toMillis(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }));
        boolean ok = run(seconds, rate);
        RUNNING.set(false);
        if (!SIGNALLED.get()) {
            System.exit(ok ? 0 : 1);
        }
    }

    private static boolean run(int seconds, int rate) throws Exception {
        say("Starting two local Kafka clusters, A and B (KRaft, 127.0.0.1 only)...");
        try (KafkaClusters clusters = KafkaClusters.start("A", "B");
                KafkaTestClient onA = new KafkaTestClient(clusters.get("A"));
                KafkaTestClient onB = new KafkaTestClient(clusters.get("B"))) {
            onA.createTopic("orders", 3);
            onB.createTopic("payments", 3);
            Map<String, String> mm2 = new TreeMap<>();
            mm2.put("clusters", "A, B");
            mm2.put("A.bootstrap.servers", clusters.get("A").bootstrapServers());
            mm2.put("B.bootstrap.servers", clusters.get("B").bootstrapServers());
            mm2.put("A->B.enabled", "true");
            mm2.put("B->A.enabled", "true");
            mm2.put("tasks.max", "2");
            mm2.put("emit.checkpoints.interval.seconds", "1");
            mm2.put("refresh.groups.interval.seconds", "1");
            mm2.put("http.listener", "127.0.0.1:0");
            say(
                    "The demo's mm2.properties:%n  %s",
                    String.join(
                            "\n  ",
                            mm2.entrySet().stream()
                                    .map(e -> e.getKey() + " = " + e.getValue())
                                    .toList()));
            try (MirrorMakerRuntime driver =
                            MirrorMakerRuntime.start(DriverConfig.of("demo", mm2, Set.of()), System.out, false);
                    Traffic orders = new Traffic(onA, "orders", rate);
                    Traffic payments = new Traffic(onB, "payments", rate);
                    GroupReader ordersApp = new GroupReader(onA, "orders", "orders-app");
                    GroupReader paymentsApp = new GroupReader(onB, "payments", "payments-app")) {
                long started = System.nanoTime();
                long end = started + TimeUnit.SECONDS.toNanos(seconds);
                while (RUNNING.get()) {
                    boolean trafficDone = System.nanoTime() > end;
                    if (trafficDone) {
                        orders.stop();
                        payments.stop();
                    }
                    long aToB = copied(onB, "A.orders");
                    long bToA = copied(onA, "B.payments");
                    long aToBLag = onA.endOffsetSum("orders") - aToB;
                    long bToALag = onB.endOffsetSum("payments") - bToA;
                    say(
                            "%3ds  A->B orders: %,7d copied, lag %,5d | B->A payments: %,7d copied, lag %,5d | %s | %s",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started),
                            aToB,
                            aToBLag,
                            bToA,
                            bToALag,
                            checkpointLag(onA, onB, "orders-app", "A", "orders"),
                            checkpointLag(onB, onA, "payments-app", "B", "payments"));
                    if (trafficDone && aToBLag == 0 && bToALag == 0) {
                        break;
                    }
                    if (System.nanoTime() > end + TimeUnit.SECONDS.toNanos(120)) {
                        say("Replication did not catch up within 120 s of the end of traffic; see the log above.");
                        return false;
                    }
                    TimeUnit.SECONDS.sleep(1); // one progress line a second
                }
                if (!RUNNING.get()) {
                    say(
                            "Stopping: traffic, consumer groups, the driver (tasks commit their offsets), then the clusters.");
                    return true;
                }
                say("Checking every record on the other cluster (partition, order, key, value, headers, timestamp)...");
                return verify(onA, "orders", onB, "A.orders") & verify(onB, "payments", onA, "B.payments");
            }
        }
    }

    private static long copied(KafkaTestClient client, String topic) {
        return client.topics().contains(topic) ? client.endOffsetSum(topic) : 0;
    }

    /** How many commits of {@code group} the checkpoints on the other cluster have not caught up with yet. */
    private static String checkpointLag(
            KafkaTestClient origin, KafkaTestClient other, String group, String alias, String topic) {
        String checkpoints = alias + ".checkpoints.internal";
        if (!other.topics().contains(checkpoints)) {
            return group + ": no checkpoint yet";
        }
        Map<TopicPartition, Checkpoint> latest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : other.consumeAll(checkpoints)) {
            Checkpoint checkpoint = Checkpoint.decode(record.key(), record.value());
            if (checkpoint.consumerGroupId().equals(group)) {
                latest.put(checkpoint.topicPartition(), checkpoint);
            }
        }
        long behind = 0;
        int checkpointed = 0;
        Map<TopicPartition, Long> committed = origin.committed(group);
        for (Map.Entry<TopicPartition, Long> commit : committed.entrySet()) {
            Checkpoint checkpoint = latest.get(
                    new TopicPartition(alias + "." + topic, commit.getKey().partition()));
            if (checkpoint != null) {
                checkpointed++;
                behind += commit.getValue() - checkpoint.upstreamOffset();
            }
        }
        return String.format(
                "%s checkpoints: %d/%d partitions, %,d records behind", group, checkpointed, committed.size(), behind);
    }

    private static boolean verify(KafkaTestClient from, String topic, KafkaTestClient to, String remote) {
        try {
            List<ConsumerRecord<byte[], byte[]>> records = from.consumeAll(topic);
            RecordAssertions.assertSameRecords(remote, records, to.consumeAll(remote));
            say("  %-9s -> %-11s %,d records, all identical", topic, remote, records.size());
            return true;
        } catch (AssertionError e) {
            say("  %s: MISMATCH: %s", remote, e.getMessage());
            return false;
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }

    /** Steady traffic to one topic, paced at about {@code rate} records a second. */
    private static final class Traffic implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        Traffic(KafkaTestClient client, String topic, int rate) {
            thread = new Thread(
                    () -> {
                        try (KafkaProducer<byte[], byte[]> producer = client.producer(Map.of())) {
                            long i = 0;
                            while (running.get() && RUNNING.get()) {
                                long tick = System.nanoTime();
                                for (int n = 0; n < Math.max(1, rate / 10); n++, i++) {
                                    producer.send(new ProducerRecord<>(
                                            topic,
                                            (int) (i % 3),
                                            System.currentTimeMillis(),
                                            TestRecords.utf8("customer-" + (i % 1000)),
                                            TestRecords.utf8("{\"" + topic + "\":" + i + "}")));
                                }
                                producer.flush();
                                long rest = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - tick);
                                if (rest > 0) {
                                    TimeUnit.NANOSECONDS.sleep(rest); // pacing the traffic
                                }
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "demo-traffic-" + topic);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    /** A consumer group reading a topic and committing as it goes, like an application would. */
    private static final class GroupReader implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        GroupReader(KafkaTestClient client, String topic, String group) {
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<byte[], byte[]> consumer = client.consumer(Map.of(
                                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200))) {
                            consumer.subscribe(List.of(topic));
                            while (running.get() && RUNNING.get()) {
                                if (!consumer.poll(Duration.ofMillis(200)).isEmpty()) {
                                    consumer.commitSync();
                                }
                            }
                        }
                    },
                    "demo-group-" + group);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
