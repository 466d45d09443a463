package dev.tandem.source;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A partition with nothing new leaves the task's consumer (the consumer drops its per-partition fetch metrics, as it
 * does for any partition it no longer fetches) while another partition keeps copying; records written to it then are
 * copied from where its copy stood: every record once, in order, with its key, value, headers and timestamp, on a
 * real Connect worker and real brokers.
 */
class IdlePartitionsIT {

    private static final String QUIET = "quiet";
    private static final String BUSY = "busy";
    private static final Duration DEADLINE = Duration.ofSeconds(120);

    @Test
    void shouldStopFetchingIdlePartitionsAndCopyWhatTheyGetLaterOnce() throws Exception {
        try (TwoClusters clusters = TwoClusters.start();
                ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-idle-B", Map.of())) {
            clusters.onA.createTopic(QUIET, 2);
            clusters.onA.createTopic(BUSY, 1);
            clusters.onA.produce(TestRecords.varied(QUIET, 2, 40, TestRecords.recent(), "-first"));
            Map<String, String> config =
                    new HashMap<>(FlowConfigs.source(clusters.a, clusters.b, QUIET + "|" + BUSY, 1));
            config.put("idle.partition.after.ms", "2000");
            worker.rest().putConnector("A->B.source", config);
            awaitCopied(clusters, QUIET, 40);

            // The busy topic gets a record at every look, so the consumer keeps fetching (and updating its metrics).
            int[] busy = {0};
            Await.until("the task's consumer no longer fetches " + QUIET, DEADLINE, () -> {
                clusters.onA.produce(List.of(new ProducerRecord<>(
                        BUSY,
                        0,
                        System.currentTimeMillis(),
                        TestRecords.utf8("k" + busy[0]),
                        TestRecords.utf8("v" + busy[0]++))));
                // The busy partition's metrics show the query names the task's consumer.
                return clusters.onB.endOffsetSum("A." + BUSY) > 0
                        && fetchMetricsOf(BUSY) == 1
                        && fetchMetricsOf(QUIET) == 0;
            });

            clusters.onA.produce(TestRecords.varied(QUIET, 2, 30, TestRecords.recent(), "-later"));
            awaitCopied(clusters, QUIET, 70);
            RecordAssertions.assertSameRecords(
                    "A." + QUIET, clusters.onA.consumeAll(QUIET), clusters.onB.consumeAll("A." + QUIET));
            awaitCopied(clusters, BUSY, busy[0]);
            RecordAssertions.assertSameRecords(
                    "A." + BUSY, clusters.onA.consumeAll(BUSY), clusters.onB.consumeAll("A." + BUSY));
        }
    }

    private static void awaitCopied(TwoClusters clusters, String topic, long records) {
        String remote = "A." + topic;
        Await.until(
                records + " records in " + remote,
                DEADLINE,
                () -> clusters.onB.topics().contains(remote) && clusters.onB.endOffsetSum(remote) >= records);
    }

    /** How many of the task consumer's per-partition fetch metrics name {@code topic}. */
    private static int fetchMetricsOf(String topic) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return server.queryNames(
                        new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,client-id="
                                + "tandem-A-to-B-source-0,topic=" + topic + ",partition=*"),
                        null)
                .size();
    }
}
