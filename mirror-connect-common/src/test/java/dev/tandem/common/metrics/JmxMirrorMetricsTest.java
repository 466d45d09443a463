package dev.tandem.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class JmxMirrorMetricsTest {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    private static double attribute(String objectName, String attribute) throws Exception {
        return ((Number) JMX.getAttribute(new ObjectName(objectName), attribute)).doubleValue();
    }

    @Test
    void shouldExposeMirrorMaker2sMBeanNamesAndKeepTotalsAcrossTaskRestarts() throws Exception {
        JmxMirrorMetrics metrics = new JmxMirrorMetrics();
        String bean = "kafka.connect.mirror:type=MirrorSourceConnector,target=B,topic=A.jmx-orders,partition=2";
        MirrorMetrics.PartitionMeter meter =
                metrics.partition("A", "B", new TopicPartition("jmx-orders", 2), "A.jmx-orders");
        meter.copied(300, 150_000, 40);
        meter.copied(200, 100_000, 20);
        meter.read(7);
        meter.lag(1_234, 2.5);
        assertEquals(500, attribute(bean, "record-count"));
        assertEquals(250_000, attribute(bean, "byte-count"));
        assertEquals(20, attribute(bean, "replication-latency-ms"));
        assertEquals(40, attribute(bean, "replication-latency-ms-max"));
        assertEquals(20, attribute(bean, "replication-latency-ms-min"));
        assertEquals(7, attribute(bean, "record-age-ms"));
        assertEquals(1_234, attribute(bean, "replication-lag-records"));
        assertEquals(2.5, attribute(bean, "replication-lag-seconds"));
        assertTrue(attribute(bean, "record-rate") > 0, "record-rate");
        assertEquals(0, attribute(bean, "record-lost-removed-count"), "there from the start");
        meter.lost(1_000, LostReason.REMOVED);
        meter.lost(20, LostReason.TRUNCATED);
        assertEquals(1_000, attribute(bean, "record-lost-removed-count"));
        assertEquals(20, attribute(bean, "record-lost-truncated-count"));

        meter.close();
        MirrorMetrics.PartitionMeter restarted =
                metrics.partition("A", "B", new TopicPartition("jmx-orders", 2), "A.jmx-orders");
        restarted.copied(1, 10, 5);
        assertEquals(501, attribute(bean, "record-count"), "a restarted task's meter carries the total on");
    }

    @Test
    void shouldExposeFlowFiguresOncePerFlow() throws Exception {
        JmxMirrorMetrics metrics = new JmxMirrorMetrics();
        String bean = "kafka.connect.mirror:type=MirrorFlow,source=A,target=jmx-B";
        metrics.flow("A", "jmx-B").offsetSyncWritten();
        assertEquals(-1, attribute(bean, "heartbeat-age-seconds"), "before the first heartbeat");
        metrics.flow("A", "jmx-B").offsetSyncWritten(); // a second task of the same flow
        metrics.flow("A", "jmx-B").checkpointsWritten(3);
        metrics.flow("A", "jmx-B").heartbeatAcknowledged(System.currentTimeMillis());
        assertEquals(2, attribute(bean, "offset-syncs-written-total"));
        assertEquals(3, attribute(bean, "checkpoints-written-total"));
        double age = attribute(bean, "heartbeat-age-seconds");
        assertTrue(age >= 0 && age < 60, "heartbeat age " + age);
    }
}
