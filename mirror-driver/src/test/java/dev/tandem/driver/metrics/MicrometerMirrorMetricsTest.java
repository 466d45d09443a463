package dev.tandem.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.common.metrics.LostReason;
import dev.tandem.common.metrics.MirrorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MicrometerMirrorMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldExportHowLongEachGroupHasWaitedForACheckpoint() {
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, true, () -> 1_000_000L);
        MirrorMetrics.FlowMeter flow = metrics.flow("A", "B");
        flow.groupCheckpoints("billing", System.currentTimeMillis() - 90_000);
        flow.groupCheckpoints("audit", 0);
        String scrape = registry.scrape();
        String billing = scrape.lines()
                .filter(l ->
                        l.startsWith("tandem_checkpoint_pending_seconds{group=\"billing\",source=\"A\",target=\"B\"}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(scrape));
        double seconds = Double.parseDouble(billing.substring(billing.lastIndexOf(' ') + 1));
        assertTrue(seconds >= 90 && seconds < 600, billing);
        assertTrue(
                scrape.contains("tandem_checkpoint_pending_seconds{group=\"audit\",source=\"A\",target=\"B\"} 0.0"),
                scrape);

        flow.groupCheckpoints("billing", 0);
        assertTrue(registry.scrape()
                .contains("tandem_checkpoint_pending_seconds{group=\"billing\",source=\"A\",target=\"B\"} 0.0"));
        flow.groupCheckpoints("billing", MirrorMetrics.FlowMeter.GROUP_GONE);
        assertFalse(registry.scrape().contains("group=\"billing\""), "a group the flow no longer translates leaves");
    }

    @Test
    void shouldLabelPartitionsAndKeepTotalsAcrossTaskRestarts() {
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, true, () -> 1_000_000L);
        MirrorMetrics.PartitionMeter meter = metrics.partition("A", "B", new TopicPartition("orders", 3), "A.orders");
        meter.copied(1, 100, 5);
        meter.copied(1, 50, 7);
        meter.lag(42, 1.5);
        String scrape = registry.scrape();
        assertTrue(
                scrape.contains(
                        "tandem_replication_records_total{partition=\"3\",source=\"A\",target=\"B\",topic=\"orders\"} 2.0"),
                scrape);
        assertTrue(
                scrape.contains(
                        "tandem_replication_bytes_total{partition=\"3\",source=\"A\",target=\"B\",topic=\"orders\"} 150.0"),
                scrape);
        assertTrue(
                scrape.contains(
                        "tandem_replication_lag_records{partition=\"3\",source=\"A\",target=\"B\",topic=\"orders\"} 42.0"),
                scrape);
        assertTrue(
                scrape.contains(
                        "tandem_replication_lag_seconds{partition=\"3\",source=\"A\",target=\"B\",topic=\"orders\"} 1.5"),
                scrape);
        assertTrue(
                scrape.contains("# HELP tandem_replication_records_total Records copied"),
                "meters carry a description");

        meter.close(); // the task stopped: lag is no longer known, the total stays
        MirrorMetrics.PartitionMeter again = metrics.partition("A", "B", new TopicPartition("orders", 3), "A.orders");
        again.copied(1, 10, 1);
        String after = registry.scrape();
        assertTrue(
                after.contains(
                        "tandem_replication_records_total{partition=\"3\",source=\"A\",target=\"B\",topic=\"orders\"} 3.0"),
                after);
        again.close();
        assertFalse(
                registry.scrape().contains("tandem_replication_lag_records{"), "lag gauges leave with the last task");
    }

    /** A worker whose cluster does not answer stops its tasks: the lag they leave goes on growing, not away. */
    @Test
    void shouldHoldAndAgeTheLagOfAStoppedTaskWhileItsClusterIsAway() {
        long[] now = {1_000_000};
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, true, () -> now[0]);
        String seconds = "tandem_replication_lag_seconds{partition=\"0\",source=\"A\",target=\"B\",topic=\"orders\"} ";
        String records = "tandem_replication_lag_records{partition=\"0\",source=\"A\",target=\"B\",topic=\"orders\"} ";
        MirrorMetrics.PartitionMeter meter = metrics.partition("A", "B", new TopicPartition("orders", 0), "A.orders");
        meter.lag(500, 2.0);
        assertTrue(registry.scrape().contains(seconds + "2.0"), "a running task's report as it is");
        now[0] += 1_000;
        assertTrue(registry.scrape().contains(seconds + "3.0"), "and older by the time since, till the next one");

        meter.close();
        now[0] += 60_000;
        metrics.releaseHeldLags(Set.of("B"));
        String held = registry.scrape();
        assertTrue(held.contains(seconds + "63.0"), "2 s old at the last report, 61 s since: " + held);
        assertTrue(held.contains(records + "500.0"), held);
        now[0] += 600_000;
        metrics.releaseHeldLags(Set.of("B"));
        assertTrue(registry.scrape().contains(seconds + "663.0"), "held as long as B is away");

        MirrorMetrics.PartitionMeter restarted =
                metrics.partition("A", "B", new TopicPartition("orders", 0), "A.orders");
        restarted.lag(10, 0.5);
        assertTrue(registry.scrape().contains(seconds + "0.5"), "a task copying it again replaces what was held");
        restarted.lag(0, 0);
        restarted.close();
        assertFalse(registry.scrape().contains("tandem_replication_lag_seconds{"), "caught up: nothing to hold");

        MirrorMetrics.PartitionMeter moved = metrics.partition("A", "B", new TopicPartition("orders", 0), "A.orders");
        moved.lag(7, 1.0);
        moved.close(); // handed to another process, both clusters answer
        metrics.releaseHeldLags(Set.of());
        assertTrue(registry.scrape().contains(records + "7.0"), "held for a minute");
        now[0] += 60_000;
        metrics.releaseHeldLags(Set.of());
        assertFalse(registry.scrape().contains("tandem_replication_lag_records{"), "let go a minute after the stop");
        assertEquals(0, metrics.flowFigures("A", "B").lagRecords());
    }

    @Test
    void shouldDropThePartitionLabelAndAggregatePerTopic() {
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, false, () -> 1_000_000L);
        MirrorMetrics.PartitionMeter p0 = metrics.partition("A", "B", new TopicPartition("orders", 0), "A.orders");
        MirrorMetrics.PartitionMeter p1 = metrics.partition("A", "B", new TopicPartition("orders", 1), "A.orders");
        p0.copied(1, 10, 1);
        p1.copied(1, 10, 1);
        p0.lag(5, 0.5);
        p1.lag(7, 2.0);
        String scrape = registry.scrape();
        assertFalse(scrape.contains("partition="), scrape);
        assertTrue(
                scrape.contains("tandem_replication_records_total{source=\"A\",target=\"B\",topic=\"orders\"} 2.0"),
                scrape);
        assertTrue(
                scrape.contains("tandem_replication_lag_records{source=\"A\",target=\"B\",topic=\"orders\"} 12.0"),
                "lag sums: " + scrape);
        assertTrue(
                scrape.contains("tandem_replication_lag_seconds{source=\"A\",target=\"B\",topic=\"orders\"} 2.0"),
                "lag age is the max: " + scrape);
        assertEquals(12L, metrics.flowFigures("A", "B").lagRecords());

        p0.lost(1_000, LostReason.REMOVED);
        p1.lost(5, LostReason.TRUNCATED);
        String afterGaps = registry.scrape();
        assertTrue(
                afterGaps.contains("tandem_replication_records_lost_total{reason=\"removed\",source=\"A\",target=\"B\","
                        + "topic=\"orders\"} 1000.0"),
                afterGaps);
        assertTrue(
                afterGaps.contains(
                        "tandem_replication_records_lost_total{reason=\"truncated\",source=\"A\",target=\"B\","
                                + "topic=\"orders\"} 5.0"),
                afterGaps);
        assertEquals(1_005L, metrics.flowFigures("A", "B").lostRecords(), "status counts both reasons");
    }

    @Test
    void shouldFoldPartitionsAndHistogramTopicsPastTheirLimitsAndKeepTopicSumsExact() {
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, true);
        // 2,500 topics x 4 partitions, as the scale target.
        List<MirrorMetrics.PartitionMeter> meters = new ArrayList<>();
        for (int t = 0; t < 2_500; t++) {
            for (int p = 0; p < 4; p++) {
                MirrorMetrics.PartitionMeter meter =
                        metrics.partition("A", "B", new TopicPartition("t" + t, p), "A.t" + t);
                meter.copied(1, 10, 3);
                meter.lag(2, 0.5);
                meters.add(meter);
            }
        }
        long started = System.nanoTime();
        String scrape = registry.scrape();
        long scrapeMs = (System.nanoTime() - started) / 1_000_000;
        Set<String> partitionSeries = new HashSet<>();
        Set<String> histogramTopics = new HashSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("tandem_replication_records_total{")) {
                partitionSeries.add(line);
            }
            if (line.startsWith("tandem_replication_latency_seconds_count{")) {
                histogramTopics.add(line.replaceAll(".*topic=\"([^\"]*)\".*", "$1"));
            }
        }
        // 1,000 partitions of their own (topics t0-t249) and one folded series for each of the other 2,250 topics.
        assertEquals(MicrometerMirrorMetrics.PARTITION_SERIES_LIMIT + 2_250, partitionSeries.size());
        assertTrue(scrape.contains(
                "tandem_replication_records_total{partition=\"other\",source=\"A\",target=\"B\",topic=\"t2499\"}"
                        + " 4.0"));
        assertTrue(scrape.contains(
                "tandem_replication_lag_records{partition=\"other\",source=\"A\",target=\"B\",topic=\"t2499\"}"
                        + " 8.0"));
        assertTrue(scrape.contains(
                "tandem_replication_records_total{partition=\"3\",source=\"A\",target=\"B\",topic=\"t249\"} 1.0"));
        assertEquals(MicrometerMirrorMetrics.HISTOGRAM_TOPIC_LIMIT + 1, histogramTopics.size(), "t0-t99 and other");
        assertTrue(histogramTopics.contains("other"));
        assertEquals(20_000L, metrics.flowFigures("A", "B").lagRecords(), "every partition's lag still counts");
        System.out.printf(
                "scrape of 10,000 partitions: %d lines, %d bytes, %d ms%n",
                scrape.split("\n").length, scrape.length(), scrapeMs);

        // A partition metered before keeps its label when its task restarts.
        meters.get(0).close();
        MirrorMetrics.PartitionMeter again = metrics.partition("A", "B", new TopicPartition("t0", 0), "A.t0");
        again.copied(1, 10, 3);
        assertTrue(
                registry.scrape()
                        .contains(
                                "tandem_replication_records_total{partition=\"0\",source=\"A\",target=\"B\",topic=\"t0\"} 2.0"));
    }
}
