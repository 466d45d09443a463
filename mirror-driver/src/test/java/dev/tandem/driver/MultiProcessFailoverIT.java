package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.SteadyLoad;
import dev.tandem.testkit.records.TopicCopyAudit;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
            Mm2Properties.write(config, clusters, "A->B.topics = stream", "tasks.max = 4");

            try (DriverProcess first = DriverProcess.start(config, work.resolve("first.log"));
                    DriverProcess second = DriverProcess.start(config, work.resolve("second.log"))) {
                try (SteadyLoad load = SteadyLoad.start(onA, "stream", 4, 3_000)) {
                    first.awaitStarted(Duration.ofSeconds(90), "A", "B");
                    second.awaitStarted(Duration.ofSeconds(90), "A", "B");
                    ConnectRestClient rest = new ConnectRestClient(second.workerUrl("B"));
                    String firstWorker = workerId(first.workerUrl("B"));
                    String secondWorker = workerId(second.workerUrl("B"));

                    List<String> spread = Await.value(
                            "the source tasks spread over both processes",
                            Duration.ofSeconds(90),
                            () -> rest.runningTaskWorkers(SOURCE),
                            on -> on.size() == 4 && new HashSet<>(on).containsAll(Set.of(firstWorker, secondWorker)));
                    System.out.printf("Tasks of %s ran on %s%n", SOURCE, spread);
                    long copiedBeforeKill = onB.endOffsetSum("A.stream");
                    Await.until(
                            "records flow before the kill",
                            Duration.ofSeconds(60),
                            () -> onB.endOffsetSum("A.stream") > copiedBeforeKill + 2_000);

                    first.kill();
                    long killed = System.nanoTime();
                    Await.value(
                            "all tasks RUNNING on the surviving process",
                            Duration.ofSeconds(90),
                            () -> rest.runningTaskWorkers(SOURCE),
                            on -> on.size() == 4 && Set.copyOf(on).equals(Set.of(secondWorker)));
                    System.out.printf(
                            "Tasks moved to the survivor %d ms after SIGKILL%n",
                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                }
                // Duplicates make B's end offsets pass A's before the last records land: wait on the records
                // themselves.
                TopicCopyAudit audit = Await.value(
                        "every record of A is on B",
                        Duration.ofSeconds(120),
                        () -> TopicCopyAudit.of(onA, "stream", onB, "A.stream"),
                        a -> a.lost() == 0);
                System.out.printf("After the SIGKILL: %s%n", audit);
                assertEquals(List.of(), audit.problems(), audit.toString());
                assertEquals(audit.sourceRecords() + audit.duplicates(), audit.targetRecords(), audit.toString());
                second.terminate();
            }
        }
    }

    private static String workerId(URI url) {
        return url.getHost() + ":" + url.getPort();
    }
}
