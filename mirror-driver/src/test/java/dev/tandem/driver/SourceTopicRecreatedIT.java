package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * A source topic deleted and made again under the same name while the flow runs. MirrorMaker 2 would go on at the old
 * topic's offset in the new one, skipping its first records (or, with fewer records, reset without a word). Tandem
 * tells the topics apart by their ids: the new topic's records follow the old one's on the target from its first
 * record, the event is reported, a group of the new topic translates exactly, and a group of the old topic gets no
 * checkpoint that points into the new topic's copy.
 */
class SourceTopicRecreatedIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);

    /** Made again at once: the task finds the old position past the new topic's end, and the topic's new id. */
    @Test
    void shouldCopyATopicMadeAgainAtOnceFromItsFirstRecord() throws Exception {
        deleteAndMakeAgain("at-once", false);
    }

    /**
     * Made again after the connector saw it gone and took it from the task: taken up again, its position in the
     * positions topic names the old topic's id.
     */
    @Test
    void shouldCopyATopicMadeAgainAfterItsCopyStoppedFromItsFirstRecord() throws Exception {
        deleteAndMakeAgain("after-stop", true);
    }

    private static void deleteAndMakeAgain(String name, boolean awaitCopyStopped) throws Exception {
        Path work = WorkDirs.fresh("SourceTopicRecreatedIT-" + name);
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 1);
            clusters.onA.produce(TestRecords.varied("orders", 1, 300, TestRecords.recent(), "-old"));
            List<ConsumerRecord<byte[], byte[]>> old = clusters.onA.consumeAll("orders");
            clusters.onA.commit("old-readers", Map.of(ORDERS_0, 200L));
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = orders",
                    "tasks.max = 1",
                    "refresh.topics.interval.seconds = 1",
                    "refresh.groups.interval.seconds = 1",
                    "emit.checkpoints.interval.seconds = 1",
                    "sync.topic.acls.enabled = false");
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(WAIT, "B");
                RemoteTopics.awaitEnd(clusters.onB, "A.orders", 300);
                Checkpoint oldCheckpoint = Await.value(
                        "old-readers' checkpoint",
                        WAIT,
                        () -> Checkpoints.newest(clusters.onB, "old-readers"),
                        c -> c != null && c.upstreamOffset() == 200 && c.downstreamOffset() == 200);
                assertEquals(200, oldCheckpoint.downstreamOffset(), "a linear copy translates one to one");

                clusters.onA.admin().deleteTopics(List.of("orders")).all().get();
                Await.until(
                        "orders gone from A", WAIT, () -> !clusters.onA.topics().contains("orders"));
                if (awaitCopyStopped) {
                    Await.until(
                            "the connector stops copying orders",
                            WAIT,
                            () -> driver.output().contains("source topic orders is no longer on A"));
                }
                clusters.onA.createTopic("orders", 1);
                clusters.onA.produce(TestRecords.varied("orders", 1, 100, TestRecords.recent(), "-new"));
                List<ConsumerRecord<byte[], byte[]>> recreated = clusters.onA.consumeAll("orders");
                clusters.onA.commit("new-readers", Map.of(ORDERS_0, 60L));

                Await.until("the new topic's records on B", WAIT, () -> clusters.onB.endOffsetSum("A.orders") >= 400);
                List<ConsumerRecord<byte[], byte[]>> onB = clusters.onB.consumeAll("A.orders");
                assertEquals(400, onB.size(), "the old topic's 300 and the new one's 100, each once");
                RecordAssertions.assertSameRecords("the old topic", old, onB.subList(0, 300));
                RecordAssertions.assertSameRecords(
                        "the new topic, from its first record", recreated, onB.subList(300, 400));

                Checkpoint fresh = Await.value(
                        "new-readers' checkpoint",
                        WAIT,
                        () -> Checkpoints.newest(clusters.onB, "new-readers"),
                        c -> c != null && c.upstreamOffset() == 60 && c.downstreamOffset() == 360);
                assertEquals(360, fresh.downstreamOffset(), "offset 60 of the new topic is record 360 of the copy");
                for (Checkpoint c : Checkpoints.of(clusters.onB, "new-readers")) {
                    // Before the new topic's syncs are read a checkpoint may err on re-reading, never beyond: but
                    // never into the old topic's copy either.
                    assertTrue(
                            c.downstreamOffset() >= 300 && c.downstreamOffset() <= 360,
                            "a group of the new topic never points into the old topic's copy, nor past its record: "
                                    + c);
                }
                for (Checkpoint c : Checkpoints.of(clusters.onB, "old-readers")) {
                    assertTrue(
                            c.upstreamOffset() == 200 && c.downstreamOffset() <= 200,
                            "a group of the old topic never points into the new topic's copy: " + c);
                }

                String log = Await.value(
                        "the event in the log",
                        Duration.ofSeconds(30),
                        driver::output,
                        o -> o.contains("SOURCE TOPIC MADE AGAIN"));
                assertEquals(
                        1,
                        Pattern.compile("SOURCE TOPIC MADE AGAIN")
                                .matcher(log)
                                .results()
                                .count(),
                        "once: " + log);
                assertTrue(
                        log.contains("Every record of orders-0 of the old topic seen by the copy had been copied"),
                        log);
            }
        }
    }
}
