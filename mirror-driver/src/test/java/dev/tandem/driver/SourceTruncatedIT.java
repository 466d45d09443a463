package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The source log goes backwards under a running copy, as after an unclean leader election: A's broker loses every
 * record of {@code orders-0} that was already copied and makes the partition anew from offset 0 under the same topic
 * id. MirrorMaker 2's consumer resets without a word. Tandem reports the {@code truncated} gap once in the log and in
 * {@code /metrics}, and copies the partition's new records after the old ones.
 */
class SourceTruncatedIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void shouldReportALogThatWentBackwardsAndCopyTheNewRecords() throws Exception {
        Path work = WorkDirs.fresh("SourceTruncatedIT");
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 1);
            clusters.onA.produce(TestRecords.varied("orders", 1, 500, TestRecords.recent()));
            List<ConsumerRecord<byte[], byte[]>> before = clusters.onA.consumeAll("orders");
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = orders",
                    "tasks.max = 1",
                    "sync.topic.acls.enabled = false");
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(WAIT, "B");
                RemoteTopics.awaitEnd(clusters.onB, "A.orders", 500);

                clusters.a.truncatePartitionToNothing("orders", 0);
                assertEquals(0, clusters.onA.endOffsetSum("orders"), "A's orders-0 starts again at offset 0");
                String log = Await.value(
                        "the log that went backwards reported",
                        WAIT,
                        driver::output,
                        o -> o.contains("SOURCE LOG WENT BACKWARDS"));
                Matcher line =
                        Pattern.compile("A->B: SOURCE LOG WENT BACKWARDS.*").matcher(log);
                assertTrue(line.find(), log);
                assertTrue(
                        line.group().contains("orders-0 now ends at offset 0, but the copy had reached offset 500"),
                        line.group());

                clusters.onA.produce(TestRecords.varied("orders", 1, 200, TestRecords.recent(), "-new"));
                Await.until(
                        "the 200 new records copied after the 500 old ones",
                        WAIT,
                        () -> clusters.onB.endOffsetSum("A.orders") >= 700);
                List<ConsumerRecord<byte[], byte[]>> onB = clusters.onB.consumeAll("A.orders");
                assertEquals(700, onB.size(), "the 500 old records once, then the 200 new ones once");
                RecordAssertions.assertSameRecords("A.orders before", before, onB.subList(0, 500));
                RecordAssertions.assertSameRecords(
                        "A.orders after the log went backwards",
                        clusters.onA.consumeAll("orders"),
                        onB.subList(500, 700));

                URI metrics = URI.create(driver.httpBase() + "metrics");
                PrometheusText.awaitSum(
                        metrics,
                        500,
                        "tandem_replication_records_lost_total",
                        "source=\"A\",target=\"B\"",
                        "topic=\"orders\"",
                        "reason=\"truncated\"");
                assertEquals(
                        1,
                        Pattern.compile("SOURCE LOG WENT BACKWARDS")
                                .matcher(driver.output())
                                .results()
                                .count(),
                        "once per event");
            }
        }
    }
}
