package dev.tandem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.net.ListeningSockets;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

    @Test
    void shouldListenOnLoopbackOnlyAndKeepDataAcrossBrokerRestart() {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start("A");
                KafkaTestClient client = new KafkaTestClient(cluster)) {
            int port = Integer.parseInt(cluster.bootstrapServers().split(":")[1]);
            List<ListeningSockets.Socket> listening = ListeningSockets.onPort(port);
            assertFalse(listening.isEmpty(), "a listening socket on " + port);
            assertTrue(
                    listening.stream().allMatch(ListeningSockets.Socket::isLoopback),
                    "broker port " + port + " must be bound to 127.0.0.1 only; /proc/net/tcp* shows " + listening);

            client.createTopic("t", 2);
            client.produce(List.of(new ProducerRecord<>(
                    "t", 0, "k".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8))));

            cluster.stopBroker();
            assertFalse(cluster.isRunning());
            cluster.startBroker();

            client.produce(List.of(new ProducerRecord<>(
                    "t", 0, "k".getBytes(StandardCharsets.UTF_8), "v2".getBytes(StandardCharsets.UTF_8))));
            List<String> values = client.consumeAll("t").stream()
                    .map(ConsumerRecord::value)
                    .map(v -> new String(v, StandardCharsets.UTF_8))
                    .collect(Collectors.toList());
            assertEquals(List.of("v1", "v2"), values, "the record written before the restart is still there");
        }
    }
}
