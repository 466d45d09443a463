package dev.tandem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.kafka.KafkaClusterProcess;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.net.FaultProxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

/**
 * A broker in its own process behind a fault proxy: records acknowledged before a SIGKILL are there after the
 * restart, a client that bootstraps through the proxy keeps using it (the advertised address), and cutting the proxy
 * cuts that client off while direct clients go on.
 */
class KafkaClusterProcessIT {

    @Test
    void shouldKeepAcknowledgedRecordsAcrossASigkillAndServeThroughTheProxy() throws Exception {
        try (KafkaClusterProcess cluster = KafkaClusterProcess.start("A", true, List.of("-Xmx512m"));
                KafkaTestClient client = new KafkaTestClient(cluster)) {
            client.createTopic("t", 1);
            client.produce(records("before", 100));
            long pid = cluster.pid();

            cluster.killBroker();
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the broker process is gone");
            cluster.startBroker();
            client.produce(records("after", 100));
            List<String> values = client.consumeAll("t").stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .collect(Collectors.toList());
            assertEquals(200, values.size(), values.toString());
            assertEquals("before-0", values.get(0));
            assertEquals("after-99", values.get(199));

            FaultProxy proxy = cluster.faultProxy().orElseThrow();
            Map<String, Object> throughProxy = Map.of(
                    "bootstrap.servers", cluster.replicatorBootstrapServers(),
                    "request.timeout.ms", 3000,
                    "default.api.timeout.ms", 5000);
            try (Admin admin = Admin.create(throughProxy)) {
                Node node = admin.describeCluster()
                        .nodes()
                        .get(30, TimeUnit.SECONDS)
                        .iterator()
                        .next();
                assertEquals(
                        cluster.replicatorBootstrapServers(),
                        node.host() + ":" + node.port(),
                        "the broker advertises the proxy to clients of the proxied listener");
                long before = proxy.acceptedConnections();
                proxy.cut();
                assertThrows(
                        ExecutionException.class,
                        () -> admin.listTopics().names().get(30, TimeUnit.SECONDS),
                        "no answer through a cut proxy");
                assertTrue(proxy.acceptedConnections() > before, "the client tried the proxy again");
                assertTrue(client.topics().contains("t"), "direct clients are not cut");
                proxy.heal();
                assertTrue(
                        admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("t"), "through the proxy again");
            }
        }
    }

    private static List<ProducerRecord<byte[], byte[]>> records(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ProducerRecord<>(
                        "t",
                        0,
                        ("k" + i).getBytes(StandardCharsets.UTF_8),
                        (prefix + "-" + i).getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.toList());
    }
}
