package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * MirrorMaker 2's {@code forwarding.admin.class}: the remote topic is created through the user's {@code
 * ForwardingAdmin}, built for each cluster; a class that is not one fails validation naming the key.
 */
class ForwardingAdminIT {

    private static final String TOPIC = "orders";

    @Test
    void shouldCreateRemoteTopicsThroughTheForwardingAdmin() {
        try (TwoClusters clusters = TwoClusters.start();
                ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-forwarding-B", Map.of())) {
            clusters.onA.createTopic(TOPIC, 2);
            List<ProducerRecord<byte[], byte[]>> sent = TestRecords.varied(TOPIC, 2, 1000, TestRecords.recent());
            clusters.onA.produce(sent);
            Map<String, String> config = new HashMap<>(FlowConfigs.source(clusters.a, clusters.b, TOPIC, 1));
            config.put("forwarding.admin.class", RecordingForwardingAdmin.class.getName());

            Map<String, String> bad = new HashMap<>(config);
            bad.put("forwarding.admin.class", "java.lang.String");
            JsonNode answer = worker.rest().validate(MirrorSourceConnector.class.getName(), bad);
            assertTrue(
                    answer.toString().contains("forwarding.admin.class")
                            && answer.toString()
                                    .contains("not a subclass of org.apache.kafka.clients.admin.ForwardingAdmin"),
                    answer.toString());

            worker.rest().putConnector("A->B.source", config);
            String remote = "A." + TOPIC;
            Await.until(
                    remote + " holds all " + sent.size() + " records",
                    Duration.ofSeconds(120),
                    () -> clusters.onB.topics().contains(remote) && clusters.onB.endOffsetSum(remote) >= sent.size());
            assertTrue(
                    RecordingForwardingAdmin.CREATED.contains(remote),
                    "created through the forwarding admin: " + RecordingForwardingAdmin.CREATED);
            assertTrue(
                    RecordingForwardingAdmin.BUILT_FOR.contains(clusters.a.bootstrapServers())
                            && RecordingForwardingAdmin.BUILT_FOR.contains(clusters.b.bootstrapServers()),
                    "built for both clusters: " + RecordingForwardingAdmin.BUILT_FOR);
            assertEquals(sent.size(), clusters.onB.consumeAll(remote).size(), "records in " + remote);
            RecordAssertions.assertSameRecords(remote, clusters.onA.consumeAll(TOPIC), clusters.onB.consumeAll(remote));
        }
    }
}
