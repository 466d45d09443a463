package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.FailoverCheck;
import dev.tandem.testkit.records.TopicWriters;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A<->B: a group that consumed {@code A.orders} on B goes back to {@code orders} on A exactly, by reverse translation
 * through the A->B syncs. A's {@code orders} is transactional with aborts, so its offsets have gaps B's copy lacks.
 */
class FailbackIT {

    private static final String CHECKPOINTS_ON_A = "B.checkpoints.internal";

    @Test
    void shouldReturnAGroupToItsOriginalTopicExactly() throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            KafkaCluster a = clusters.a;
            KafkaCluster b = clusters.b;
            TopicWriters.transactional(onA, "orders");
            int records = onA.consumeAll("orders").size();

            try (ConnectWorker intoB = ConnectWorker.start(b, "tandem-it-B", Map.of());
                    ConnectWorker intoA = ConnectWorker.start(a, "tandem-it-A", Map.of())) {
                intoB.rest().putConnector("A->B.source", FlowConfigs.source(a, b, "orders", 1));
                Await.until(
                        "B holds all " + records + " records of orders",
                        Duration.ofSeconds(60),
                        () -> onB.topics().contains("A.orders") && onB.endOffsetSum("A.orders") == records);

                // On B, group 'fb' consumed part of A.orders; group 'fb-end' consumed all of it.
                List<ConsumerRecord<byte[], byte[]>> onRemote = onB.consumeAll("A.orders");
                Map<TopicPartition, Long> middle = new HashMap<>();
                for (int p : ByPartition.partitions(onRemote)) {
                    middle.put(
                            new TopicPartition("A.orders", p),
                            (long) ByPartition.only(onRemote, p).size() / 2 + p);
                }
                onB.commit("fb", middle);
                onB.commit("fb-end", onB.endOffsets("A.orders"));

                intoA.rest().putConnector("B->A.source", FlowConfigs.source(b, a, ".*", 1));
                intoA.rest().putConnector("B->A.checkpoint", FlowConfigs.checkpoint(b, a, "fb.*"));

                // Settled once the group at B's end is translated to just after A's last record.
                List<ConsumerRecord<byte[], byte[]>> original = onA.consumeAll("orders");
                Map<TopicPartition, Long> afterLast = new HashMap<>();
                for (int p : ByPartition.partitions(original)) {
                    List<ConsumerRecord<byte[], byte[]>> inP = ByPartition.only(original, p);
                    afterLast.put(
                            new TopicPartition("orders", p),
                            inP.get(inP.size() - 1).offset() + 1);
                }
                Await.value(
                        "fb-end is translated to the end of orders on A " + afterLast,
                        Duration.ofSeconds(60),
                        () -> Checkpoints.latest(onA, CHECKPOINTS_ON_A, "fb-end"),
                        latest -> afterLast.entrySet().stream()
                                .allMatch(e -> latest.containsKey(e.getKey())
                                        && latest.get(e.getKey()).downstreamOffset() == e.getValue()));

                Map<TopicPartition, Checkpoint> checkpoints = Checkpoints.latest(onA, CHECKPOINTS_ON_A, "fb");
                for (Map.Entry<TopicPartition, Long> commit : middle.entrySet()) {
                    TopicPartition onAPartition =
                            new TopicPartition("orders", commit.getKey().partition());
                    Checkpoint checkpoint = checkpoints.get(onAPartition);
                    assertEquals(
                            commit.getValue(), checkpoint.upstreamOffset(), "checkpoint of fb for " + onAPartition);
                    List<ConsumerRecord<byte[], byte[]>> remoteAll = onB.readFrom(commit.getKey(), 0);
                    FailoverCheck check = FailoverCheck.of(
                            remoteAll.stream()
                                    .filter(r -> r.offset() < commit.getValue())
                                    .toList(),
                            remoteAll.stream()
                                    .filter(r -> r.offset() >= commit.getValue())
                                    .toList(),
                            onA.readFrom(onAPartition, checkpoint.downstreamOffset()));
                    assertEquals(
                            "re-read=0 skipped=0",
                            check.toString(),
                            "fb committed at " + commit.getValue() + " on " + commit.getKey() + ", back on A at "
                                    + checkpoint.downstreamOffset());
                }
                assertEquals(
                        Map.of(),
                        Checkpoints.latest(onA, "A.checkpoints.internal", "fb"),
                        "no checkpoints of B's groups go to B");
            }
        }
    }
}
