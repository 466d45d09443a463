package dev.tandem.driver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.common.metrics.MirrorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MicrometerMirrorMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldLabelPartitionsAndKeepTotalsAcrossTaskRestarts() {
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, true);
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

    @Test
    void shouldDropThePartitionLabelAndAggregatePerTopic() {
        MicrometerMirrorMetrics metrics = new MicrometerMirrorMetrics(registry, false);
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
    }
}
