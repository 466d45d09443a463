package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.CopyAudit;
import dev.tandem.testkit.records.SteadyLoad;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The connector is stopped and resumed through REST, then its worker is shut down and a new one started, all while
 * records keep arriving on A: nothing is lost, order holds, and duplicates come only from rewinds at those restarts.
 */
class ConnectorRestartIT {

    private static final String TOPIC = "stream";
    private static final String CONNECTOR = "A->B.source";
    private static final int RATE = 8_000;

    @Test
    void shouldLoseNothingWhenStoppedAndRestartedMidStream() throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            KafkaCluster a = clusters.a;
            KafkaCluster b = clusters.b;
            onA.createTopic(TOPIC, 4);

            // A paced load: an unpaced producer wrote 2.7 million records here and the audits ran a 3 GB heap out.
            SteadyLoad load = SteadyLoad.start(onA, TOPIC, 4, RATE);

            ConnectWorker first = ConnectWorker.start(b, "tandem-it-B", Map.of());
            ConnectWorker second = null;
            try {
                first.rest().putConnector(CONNECTOR, FlowConfigs.source(a, b, TOPIC, 2));
                awaitCopiedAtLeast(onB, 5_000);

                first.rest().stop(CONNECTOR);
                Await.until("the connector is STOPPED and its tasks are gone", Duration.ofSeconds(30), () -> {
                    var status = first.rest().status(CONNECTOR);
                    return "STOPPED"
                                    .equals(status.path("connector")
                                            .path("state")
                                            .asText())
                            && status.path("tasks").isEmpty();
                });
                long[] previous = {-1};
                long copiedWhileStopped = Await.value(
                        "records in flight at the stop have landed",
                        Duration.ofSeconds(30),
                        () -> {
                            long now = onB.endOffsetSum("A." + TOPIC);
                            boolean settled = now == previous[0];
                            previous[0] = now;
                            return settled ? now : -1L;
                        },
                        copied -> copied >= 0);
                long producedAtStop = load.acknowledged();
                Await.until(
                        "A moves on while the connector is stopped",
                        Duration.ofSeconds(30),
                        () -> load.acknowledged() > producedAtStop + 2_000);
                assertEquals(copiedWhileStopped, onB.endOffsetSum("A." + TOPIC), "a stopped connector copies nothing");
                first.rest().resume(CONNECTOR);
                awaitCopiedAtLeast(onB, copiedWhileStopped + 5_000);
                // A stopped task writes its exact final positions, and the resumed one starts from them.
                List<ConsumerRecord<byte[], byte[]>> sourceSoFar = onA.consumeAll(TOPIC);
                List<ConsumerRecord<byte[], byte[]>> targetSoFar = onB.consumeAll("A." + TOPIC);
                for (int p = 0; p < 4; p++) {
                    CopyAudit audit = CopyAudit.of(ByPartition.only(sourceSoFar, p), ByPartition.only(targetSoFar, p));
                    assertEquals(0, audit.duplicates(), "partition " + p + " after a stop and resume: " + audit);
                }

                first.close();
                long producedAtRestart = load.acknowledged();
                second = ConnectWorker.start(b, "tandem-it-B", Map.of());
                Await.until(
                        "A moves on while no worker runs",
                        Duration.ofSeconds(30),
                        () -> load.acknowledged() > producedAtRestart + 2_000);
                ConnectWorker restarted = second;
                Await.until(
                        "the connector runs on the new worker",
                        Duration.ofSeconds(60),
                        () -> restarted.rest().isRunning(CONNECTOR, 2));
                awaitCopiedAtLeast(onB, onB.endOffsetSum("A." + TOPIC) + 5_000);
            } finally {
                load.close();
                if (second != null) {
                    // Duplicates make B's end offsets pass A's early: wait on the records themselves.
                    Await.until("every record produced is copied", Duration.ofSeconds(120), () -> {
                        List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll(TOPIC);
                        List<ConsumerRecord<byte[], byte[]>> target = onB.consumeAll("A." + TOPIC);
                        int lost = 0;
                        for (int p = 0; p < 4; p++) {
                            lost += CopyAudit.of(ByPartition.only(source, p), ByPartition.only(target, p))
                                    .lost();
                        }
                        return lost == 0;
                    });
                    second.close();
                }
            }

            List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll(TOPIC);
            List<ConsumerRecord<byte[], byte[]>> target = onB.consumeAll("A." + TOPIC);
            int duplicates = 0;
            for (int partition = 0; partition < 4; partition++) {
                CopyAudit audit =
                        CopyAudit.of(ByPartition.only(source, partition), ByPartition.only(target, partition));
                System.out.printf(
                        "partition %d: %d source records, %s%n",
                        partition, ByPartition.only(source, partition).size(), audit);
                assertEquals(0, audit.lost(), "partition " + partition + ": " + audit);
                assertTrue(audit.problems().isEmpty(), "partition " + partition + ": " + audit.problems());
                assertTrue(audit.rewinds() <= 2, "at most one rewind per restart (stop/resume, new worker): " + audit);
                duplicates += audit.duplicates();
            }
            System.out.printf(
                    "%d records produced, %d copied, %d duplicates%n", source.size(), target.size(), duplicates);
            assertEquals(source.size() + duplicates, target.size(), "every extra record on B is a counted duplicate");
        }
    }

    private static void awaitCopiedAtLeast(KafkaTestClient onB, long records) {
        Await.until(
                "B holds at least " + records + " copied records",
                Duration.ofSeconds(60),
                () -> onB.topics().contains("A." + TOPIC) && onB.endOffsetSum("A." + TOPIC) >= records);
    }
}
