package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.records.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As MM2's {@code --clusters}: with flows both ways and {@code --clusters B}, the driver runs only the worker of B
 * (A->B copies, heartbeats reach B) and nothing of the flows into A runs: no worker of A, no B->A copy, no heartbeats
 * on A; A holds only A->B's offset syncs, which live on the source as in MM2.
 */
class ClustersOptionIT {

    @Test
    void shouldRunOnlyTheListedTargets(@TempDir Path work) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 2);
            clusters.onB.createTopic("payments", 2);
            clusters.onA.produce(TestRecords.varied("orders", 2, 500, TestRecords.recent()));
            clusters.onB.produce(TestRecords.varied("payments", 2, 500, TestRecords.recent()));
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "B->A.enabled = true",
                    "topics = orders, payments",
                    "replication.factor = 1");
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"), "--clusters", "B")
                    .awaitStarted(Duration.ofSeconds(120), "B")) {
                Await.until(
                        "A.orders copied to B",
                        Duration.ofSeconds(120),
                        () -> clusters.onB.topics().contains("A.orders")
                                && clusters.onB.endOffsetSum("A.orders") == 500);
                Await.until(
                        "A's heartbeats reach B",
                        Duration.ofSeconds(60),
                        () -> clusters.onB.topics().contains("heartbeats")
                                && clusters.onB.endOffsetSum("heartbeats") > 0);
                String output = driver.output();
                assertTrue(output.contains("worker for B at"), output);
                assertFalse(output.contains("worker for A at"), "no worker of A with --clusters B:\n" + output);
                assertEquals(
                        java.util.Set.of("orders", "mm2-offset-syncs.B.internal"),
                        clusters.onA.topics().stream()
                                .filter(t -> !t.startsWith("__"))
                                .collect(java.util.stream.Collectors.toSet()),
                        "A holds its own topic and A->B's offset syncs (on the source, as in MM2): no B.payments, no"
                                + " heartbeats, no worker topic of A");
            }
        }
    }
}
