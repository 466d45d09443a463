package dev.tandem.driver;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.CopyAudit;
import dev.tandem.testkit.records.TestRecords;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two driver processes with the same mm2.properties share the work; one is killed with SIGKILL mid-stream, its tasks
 * move to the other, and every record still arrives (counted per partition, duplicates reported).
 */
class MultiProcessFailoverIT {

    private static final String SOURCE = "A->B.source";

    @Test
    void shouldMoveTasksToTheSurvivorAndLoseNothing() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-driver-failover"));
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            onA.createTopic("stream", 4);
            Path config = work.resolve("mm2.properties");
            Files.writeString(config, String.join("\n",
                    "clusters = A, B",
                    "A.bootstrap.servers = " + clusters.a.bootstrapServers(),
                    "B.bootstrap.servers = " + clusters.b.bootstrapServers(),
                    "A->B.enabled = true",
                    "http.listener = 127.0.0.1:0",
                    "A->B.topics = stream",
                    "tasks.max = 4",
                    ""));

            AtomicBoolean producing = new AtomicBoolean(true);
            CompletableFuture<Void> load = CompletableFuture.runAsync(() -> produce(onA, producing));
            try (DriverProcess first = DriverProcess.start(config, work.resolve("first.log"));
                 DriverProcess second = DriverProcess.start(config, work.resolve("second.log"))) {
                first.awaitStarted(Duration.ofSeconds(90), "A", "B");
                second.awaitStarted(Duration.ofSeconds(90), "A", "B");
                ConnectRestClient rest = new ConnectRestClient(second.workerUrl("B"));
                String firstWorker = workerId(first.workerUrl("B"));
                String secondWorker = workerId(second.workerUrl("B"));

                List<String> spread = Await.value("the source tasks spread over both processes", Duration.ofSeconds(90),
                        () -> runningOn(rest), on -> on.size() == 4 && new HashSet<>(on).containsAll(Set.of(firstWorker, secondWorker)));
                System.out.printf("Tasks of %s ran on %s%n", SOURCE, spread);
                long copiedBeforeKill = onB.endOffsetSum("A.stream");
                Await.until("records flow before the kill", Duration.ofSeconds(60), () -> onB.endOffsetSum("A.stream") > copiedBeforeKill + 2_000);

                first.kill();
                long killed = System.nanoTime();
                Await.value("all tasks RUNNING on the surviving process", Duration.ofSeconds(90),
                        () -> runningOn(rest), on -> on.size() == 4 && Set.copyOf(on).equals(Set.of(secondWorker)));
                System.out.printf("Tasks moved to the survivor %d ms after SIGKILL%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));

                producing.set(false);
                load.get();
                // Duplicates make B's end offsets pass A's before the last records land: wait on the records themselves.
                Await.until("every record of A is on B", Duration.ofSeconds(120), () -> missing(onA, onB) == 0);
                List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll("stream");
                List<ConsumerRecord<byte[], byte[]>> target = onB.consumeAll("A.stream");
                int duplicates = 0;
                for (int p = 0; p < 4; p++) {
                    CopyAudit audit = CopyAudit.of(ByPartition.only(source, p), ByPartition.only(target, p));
                    assertEquals(0, audit.lost(), "partition " + p + ": " + audit);
                    assertTrue(audit.problems().isEmpty(), "partition " + p + ": " + audit);
                    duplicates += audit.duplicates();
                }
                System.out.printf("%,d records produced, %,d copied, %,d re-copied after the SIGKILL%n", source.size(), target.size(), duplicates);
                assertEquals(source.size() + duplicates, target.size());
                second.terminate();
            } finally {
                producing.set(false);
                load.get();
            }
        }
    }

    private static int missing(KafkaTestClient onA, KafkaTestClient onB) {
        List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll("stream");
        List<ConsumerRecord<byte[], byte[]>> target = onB.consumeAll("A.stream");
        int lost = 0;
        for (int p = 0; p < 4; p++) {
            lost += CopyAudit.of(ByPartition.only(source, p), ByPartition.only(target, p)).lost();
        }
        return lost;
    }

    private static String workerId(URI url) {
        return url.getHost() + ":" + url.getPort();
    }

    /** Worker ids of the RUNNING tasks of the source connector, one entry per task. */
    private static List<String> runningOn(ConnectRestClient rest) {
        JsonNode status = rest.status(SOURCE);
        List<String> workers = new java.util.ArrayList<>();
        for (JsonNode task : status.path("tasks")) {
            if ("RUNNING".equals(task.path("state").asText())) {
                workers.add(task.path("worker_id").asText());
            }
        }
        return workers;
    }

    private static void produce(KafkaTestClient onA, AtomicBoolean producing) {
        try (KafkaProducer<byte[], byte[]> producer = onA.producer(Map.of())) {
            for (long i = 0; producing.get(); i++) {
                producer.send(new ProducerRecord<>("stream", (int) (i % 4), System.currentTimeMillis(),
                        TestRecords.utf8("k" + i), TestRecords.utf8("stream-" + i)));
                if (i % 100 == 0) {
                    producer.flush();
                    pace();
                }
            }
        }
    }

    private static void pace() {
        try {
            Thread.sleep(30); // about 3,000 records/s
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
