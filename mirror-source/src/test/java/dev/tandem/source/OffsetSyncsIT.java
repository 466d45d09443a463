package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.OffsetSync;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TopicWriters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Reads the offset-syncs topic as the checkpoint connector will, and checks that the syncs alone give the exact
 * position on B of every offset of A: for a compacted source topic (gaps where records were removed) and for a
 * transactional one (gaps for commit markers and aborted records, which are never copied).
 */
class OffsetSyncsIT {

    private static final String SYNCS_TOPIC = "mm2-offset-syncs.B.internal";

    @Test
    void shouldLetSyncsRebuildTheExactMapping() throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            KafkaCluster a = clusters.a;
            KafkaCluster b = clusters.b;
            TopicWriters.compacted(onA, "compacted");
            TopicWriters.transactional(onA, "txn");

            try (ConnectWorker worker = ConnectWorker.start(b, "tandem-it-B", Map.of())) {
                worker.rest().putConnector("A->B.source", FlowConfigs.source(a, b, "compacted|txn", 2));
                for (String topic : List.of("compacted", "txn")) {
                    List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll(topic);
                    Await.until(
                            "A." + topic + " holds its " + source.size() + " records",
                            Duration.ofSeconds(60),
                            () -> onB.topics().contains("A." + topic)
                                    && onB.consumeAll("A." + topic).size() == source.size());
                    List<ConsumerRecord<byte[], byte[]>> target = onB.consumeAll("A." + topic);
                    RecordAssertions.assertSameRecords("A." + topic, source, target);
                    for (int partition : ByPartition.partitions(source)) {
                        checkPartition(
                                onA,
                                new TopicPartition(topic, partition),
                                ByPartition.only(source, partition),
                                ByPartition.only(target, partition));
                    }
                }
            }
        }
    }

    /** Every offset of the partition, present or not, translates through the syncs to where B continues. */
    private static void checkPartition(
            KafkaTestClient onA,
            TopicPartition tp,
            List<ConsumerRecord<byte[], byte[]>> source,
            List<ConsumerRecord<byte[], byte[]>> target) {
        long lastUpstream = source.get(source.size() - 1).offset();
        List<OffsetSync> syncs = Await.value(
                "syncs of " + tp + " reach its last record " + lastUpstream,
                Duration.ofSeconds(30),
                () -> syncsOf(onA, tp),
                s -> !s.isEmpty() && s.get(s.size() - 1).upstreamOffset() == lastUpstream);

        long sourceEnd = onA.endOffsets(tp.topic()).get(tp);
        int next = 0;
        int gaps = 0;
        for (long offset = source.get(0).offset(); offset <= sourceEnd; offset++) {
            while (next < source.size() && source.get(next).offset() < offset) {
                next++;
            }
            long expected = next < source.size()
                    ? target.get(next).offset()
                    : target.get(target.size() - 1).offset() + 1;
            if (next < source.size() && source.get(next).offset() != offset) {
                gaps++;
            }
            assertEquals(
                    expected,
                    translate(syncs, offset),
                    tp + ": a group committed at " + offset + " must continue at " + expected + " on B; syncs "
                            + syncs);
        }
        System.out.printf(
                "%s: %d records, %d offsets without a record, %d syncs%n", tp, source.size(), gaps, syncs.size());
        assertTrue(gaps > 0, tp + " must have offsets without records for this test to mean anything");
    }

    /** DESIGN.md's translation: linear between consecutive syncs, capped at the next sync; past the last, +1 only. */
    private static long translate(List<OffsetSync> syncs, long upstream) {
        for (int i = syncs.size() - 1; i >= 0; i--) {
            OffsetSync sync = syncs.get(i);
            if (sync.upstreamOffset() <= upstream) {
                if (i == syncs.size() - 1) {
                    return sync.downstreamOffset() + (upstream == sync.upstreamOffset() ? 0 : 1);
                }
                OffsetSync following = syncs.get(i + 1);
                return sync.downstreamOffset()
                        + Math.min(
                                upstream - sync.upstreamOffset(),
                                following.downstreamOffset() - sync.downstreamOffset());
            }
        }
        throw new AssertionError("offset " + upstream + " precedes every sync " + syncs);
    }

    private static List<OffsetSync> syncsOf(KafkaTestClient onA, TopicPartition tp) {
        List<OffsetSync> syncs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : onA.consumeAll(SYNCS_TOPIC)) {
            OffsetSync sync = OffsetSync.decode(record.key(), record.value());
            if (sync.topicPartition().equals(tp)) {
                syncs.add(sync);
            }
        }
        return syncs;
    }
}
