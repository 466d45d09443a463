package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.records.SteadyLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tried as a new user would: the shipped source connector on a stock Kafka 4.3.1 worker left at Connect's default
 * {@code offset.flush.interval.ms} (60 s), records arriving at a steady rate, and the worker killed with SIGKILL
 * before Connect ever committed an offset. The next worker resumes from the position Tandem wrote to the target about
 * once a second, so what is copied twice is a few seconds of records, not everything since the last flush; nothing
 * is lost and every partition stays in order.
 */
class WorkerKillRecopyIT {

    private static final String TOPIC = "payments";
    private static final int PARTITIONS = 3;
    private static final int RATE = 2000;
    /** What "a few seconds of records" means here. */
    private static final int RECOPY_SECONDS_ALLOWED = 5;

    @Test
    void shouldCopyAgainOnlySecondsOfRecordsAfterTheWorkerIsKilled(@TempDir Path tmp) throws Exception {
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, PARTITIONS);
            // Connect's defaults for the flush; only the wait before a lost worker's tasks move is shortened.
            Map<String, String> stock =
                    Map.of("offset.flush.interval.ms", "60000", "scheduled.rebalance.max.delay.ms", "5000");
            String remote = "A." + TOPIC;
            long copiedBeforeKill;
            try (SteadyLoad load = SteadyLoad.start(clusters.onA, TOPIC, PARTITIONS, RATE)) {
                try (StockConnectWorker first = StockConnectWorker.start(
                        PluginFlow.workerLib("4.3"),
                        PluginFlow.pluginPath(),
                        clusters.b,
                        "recopy",
                        tmp.resolve("worker-1"),
                        stock)) {
                    ObjectNode source = PluginFlow.shippedConfig("source.json", clusters.a, clusters.b);
                    ((ObjectNode) source.get("config")).put("topics", TOPIC);
                    first.rest().createConnector(source);
                    PluginFlow.awaitRunning(first.rest(), PluginFlow.SOURCE);
                    // Ten seconds of copying under traffic, well inside the first 60 s flush. Counted from when the
                    // copy has caught up with the load: a worker that started slowly copies the backlog in well
                    // under a second, before the first position is written, and the kill would then test nothing.
                    Await.until(
                            remote + " caught up with " + TOPIC,
                            Duration.ofSeconds(120),
                            () -> clusters.onB.topics().contains(remote)
                                    && clusters.onB.endOffsetSum(remote) >= clusters.onA.endOffsetSum(TOPIC) - RATE);
                    long target = clusters.onB.endOffsetSum(remote) + 10L * RATE;
                    Await.until(
                            remote + " holds " + target + " records",
                            Duration.ofSeconds(120),
                            () -> clusters.onB.endOffsetSum(remote) >= target);
                    copiedBeforeKill = clusters.onB.endOffsetSum(remote);
                    first.kill();
                }
                try (StockConnectWorker second = StockConnectWorker.start(
                        PluginFlow.workerLib("4.3"),
                        PluginFlow.pluginPath(),
                        clusters.b,
                        "recopy",
                        tmp.resolve("worker-2"),
                        stock)) {
                    PluginFlow.awaitRunning(second.rest(), PluginFlow.SOURCE);
                    long resumedFrom = clusters.onB.endOffsetSum(remote);
                    Await.until(
                            "the copy going on after the kill",
                            Duration.ofSeconds(120),
                            () -> clusters.onB.endOffsetSum(remote) >= resumedFrom + 2L * RATE);
                    load.close();
                    int duplicates = PluginFlow.awaitCopied(clusters.onA, clusters.onB, TOPIC);
                    System.out.printf(
                            "SIGKILL after %,d records copied: %,d records copied twice (%.1f s at %,d records/s)%n",
                            copiedBeforeKill, duplicates, duplicates / (double) RATE, RATE);
                    assertTrue(
                            duplicates <= RECOPY_SECONDS_ALLOWED * RATE,
                            duplicates + " records copied twice after the"
                                    + " SIGKILL, more than " + RECOPY_SECONDS_ALLOWED + " s of records at " + RATE
                                    + " records/s;"
                                    + " Connect's own offsets (never flushed before the kill) would re-copy all "
                                    + copiedBeforeKill);
                }
            }
        }
    }
}
