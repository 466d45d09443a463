package dev.tandem.testkit;

import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedKafkaClusterIT {

    @Test
    void shouldListenOnLoopbackOnlyAndKeepDataAcrossBrokerRestart() throws IOException {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start("A");
             KafkaTestClient client = new KafkaTestClient(cluster)) {
            int port = Integer.parseInt(cluster.bootstrapServers().split(":")[1]);
            Set<String> listenAddresses = listeningAddresses(port);
            assertFalse(listenAddresses.isEmpty(), "a listening socket on " + port);
            assertTrue(LOOPBACK.containsAll(listenAddresses), "broker port " + port
                    + " must be bound to 127.0.0.1 only; /proc/net/tcp* shows " + listenAddresses);

            client.createTopic("t", 2);
            client.produce(List.of(new ProducerRecord<>("t", 0, "k".getBytes(StandardCharsets.UTF_8), "v1".getBytes(StandardCharsets.UTF_8))));

            cluster.stopBroker();
            assertFalse(cluster.isRunning());
            cluster.startBroker();

            client.produce(List.of(new ProducerRecord<>("t", 0, "k".getBytes(StandardCharsets.UTF_8), "v2".getBytes(StandardCharsets.UTF_8))));
            List<String> values = client.consumeAll("t").stream()
                    .map(ConsumerRecord::value).map(v -> new String(v, StandardCharsets.UTF_8)).collect(Collectors.toList());
            assertEquals(List.of("v1", "v2"), values, "the record written before the restart is still there");
        }
    }

    /** 127.0.0.1 as /proc/net/tcp and /proc/net/tcp6 (IPv4-mapped) write it. */
    private static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F");

    /** Local addresses (hex, as the kernel writes them) of the LISTEN sockets on {@code port}, IPv4 and IPv6. */
    private static Set<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format("%04X", port);
        Set<String> addresses = new java.util.HashSet<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(file);
            if (!Files.exists(path)) {
                continue;
            }
            Files.readAllLines(path).stream().skip(1)
                    .map(String::trim).map(line -> line.split("\\s+"))
                    .filter(f -> f[3].equals("0A") && f[1].endsWith(":" + hexPort))
                    .map(f -> f[1].substring(0, f[1].indexOf(':')))
                    .forEach(addresses::add);
        }
        return addresses;
    }
}
