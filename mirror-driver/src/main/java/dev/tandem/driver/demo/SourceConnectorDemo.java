package dev.tandem.driver.demo;

import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicates sample traffic between two local Kafka clusters, A and B, with Tandem's source connector on a Kafka
 * Connect worker, shows progress each second, and checks at the end that every record reached B unchanged.
 * Everything binds to 127.0.0.1 and stops on exit or Ctrl-C.
 *
 * <p>Arguments: {@code [seconds of traffic, default 20] [records per second, default 5000]}.
 */
public final class SourceConnectorDemo {

    private static final Map<String, Integer> TOPICS = Map.of("orders", 3, "payments", 2);

    private SourceConnectorDemo() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        CountDownLatch finished = new CountDownLatch(1);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.getCount() > 0) {
                System.out.println("\nStopping: interrupting traffic, stopping the worker and both clusters...");
                main.interrupt();
                awaitQuietly(finished);
            }
        }));
        boolean ok;
        try {
            ok = run(seconds, rate);
        } catch (InterruptedException e) {
            ok = false;
        } finally {
            finished.countDown();
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean run(int seconds, int rate) throws Exception {
        say("Starting two local Kafka clusters, A and B (KRaft, 127.0.0.1 only)...");
        try (KafkaClusters clusters = KafkaClusters.start("A", "B");
             KafkaTestClient onA = new KafkaTestClient(clusters.get("A"));
             KafkaTestClient onB = new KafkaTestClient(clusters.get("B"))) {
            say("A at %s, B at %s", clusters.get("A").bootstrapServers(), clusters.get("B").bootstrapServers());
            TOPICS.forEach(onA::createTopic);
            say("Starting a Kafka Connect worker on B and the connector A->B.source...");
            try (ConnectWorker worker = ConnectWorker.start(clusters.get("B"), "tandem-demo", Map.of())) {
                worker.rest().putConnector("A->B.source", FlowConfigs.source(clusters.get("A"), clusters.get("B"), ".*", 2));
                say("Connect REST API: %s (try: curl %sconnectors/A-%%3EB.source/status)", worker.url(), worker.url());
                AtomicLong produced = new AtomicLong();
                Thread traffic = new Thread(() -> produce(onA, seconds, rate, produced), "demo-traffic");
                traffic.start();
                long started = System.nanoTime();
                while (traffic.isAlive() || copied(onB) < produced.get()) {
                    traffic.join(1000);
                    long copied = copied(onB);
                    say("%3ds  produced on A: %,9d   copied to B: %,9d   lag: %,7d", 
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), produced.get(), copied,
                            Math.max(0, produced.get() - copied));
                    if (!traffic.isAlive() && System.nanoTime() - started > TimeUnit.SECONDS.toNanos(seconds + 120L)) {
                        say("B did not catch up within 120 s of the end of traffic; see the log above.");
                        return false;
                    }
                }
                return verify(onA, onB);
            }
        }
    }

    private static boolean verify(KafkaTestClient onA, KafkaTestClient onB) {
        say("Checking every record on B against A (partition, order, key, value, headers, timestamp)...");
        for (String topic : TOPICS.keySet()) {
            try {
                int count = onA.consumeAll(topic).size();
                RecordAssertions.assertSameRecords("A." + topic, onA.consumeAll(topic), onB.consumeAll("A." + topic));
                say("  %-10s -> A.%-10s %,d records, all identical", topic, topic, count);
            } catch (AssertionError e) {
                say("  %s: MISMATCH: %s", topic, e.getMessage());
                return false;
            }
        }
        say("Done: every record reached B unchanged.");
        return true;
    }

    private static long copied(KafkaTestClient onB) {
        long total = 0;
        for (String topic : TOPICS.keySet()) {
            if (onB.topics().contains("A." + topic)) {
                total += onB.endOffsetSum("A." + topic);
            }
        }
        return total;
    }

    /** Steady traffic at about {@code rate} records per second for {@code seconds}. */
    private static void produce(KafkaTestClient onA, int seconds, int rate, AtomicLong produced) {
        List<String> topics = List.copyOf(TOPICS.keySet());
        long perTick = Math.max(1, rate / 10);
        try (KafkaProducer<byte[], byte[]> producer = onA.producer(Map.of())) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long i = 0;
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                long tickStart = System.nanoTime();
                for (int n = 0; n < perTick; n++, i++) {
                    String topic = topics.get((int) (i % topics.size()));
                    producer.send(new ProducerRecord<>(topic, (int) (i % TOPICS.get(topic)), System.currentTimeMillis(),
                            TestRecords.utf8("customer-" + (i % 1000)), TestRecords.utf8("{\"id\":" + i + "}")));
                }
                producer.flush();
                produced.set(i);
                long rest = TimeUnit.MILLISECONDS.toNanos(100) - (System.nanoTime() - tickStart);
                if (rest > 0) {
                    TimeUnit.NANOSECONDS.sleep(rest); // pacing the traffic, not waiting for a result
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void say(String format, Object... args) {
        System.out.println(String.format(format, args));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
