package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ClustersWithWorker;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One flow A->B on a real Connect worker: every record arrives unchanged, and the target follows the source's layout. */
class SourceReplicationIT {

    private static TwoClusters clusters;
    private static KafkaCluster a;
    private static KafkaCluster b;
    private static KafkaTestClient onA;
    private static KafkaTestClient onB;
    private static ConnectWorker worker;

    @RegisterExtension
    static final ClustersWithWorker flow = ClustersWithWorker.onB("tandem-it-B");

    @BeforeAll
    static void names() {
        clusters = flow.clusters();
        a = clusters.a;
        b = clusters.b;
        onA = clusters.onA;
        onB = clusters.onB;
        worker = flow.worker();
    }

    @Test
    void shouldCopyEveryRecordExactlyAsSent() {
        Map<String, Integer> topics = Map.of("records-one", 1, "records-three", 3, "records-eight", 8);
        List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
        int perTopic = 100_000 / topics.size() + 1;
        topics.forEach((topic, partitions) -> {
            onA.createTopic(topic, partitions);
            sent.addAll(TestRecords.varied(topic, partitions, perTopic, TestRecords.recent()));
        });
        onA.produce(sent);

        worker.rest().putConnector("A->B.source", FlowConfigs.source(a, b, "records-.*", 4));

        for (Map.Entry<String, Integer> topic : topics.entrySet()) {
            String remote = "A." + topic.getKey();
            long expected = onA.endOffsetSum(topic.getKey());
            Await.until(
                    remote + " holds all " + expected + " records",
                    Duration.ofSeconds(120),
                    () -> onB.topics().contains(remote) && onB.endOffsetSum(remote) >= expected);
            assertEquals(topic.getValue(), onB.partitionCount(remote), remote + " has the source's partition count");
            RecordAssertions.assertSameRecords(remote, onA.consumeAll(topic.getKey()), onB.consumeAll(remote));
        }
    }

    @Test
    void shouldCopyEveryRecordWhenTheBacklogIsHeldToAFewRecords() {
        // Room for about two records (each counts its bytes and 500 more): each task waits for the target before
        // nearly every poll.
        onA.createTopic("held-back", 3);
        onA.produce(TestRecords.varied("held-back", 3, 20_000, TestRecords.recent()));
        Map<String, String> config = FlowConfigs.source(a, b, "held-back", 2);
        config.put(MirrorSourceConfig.MAX_UNACKNOWLEDGED_BYTES, "1500");
        worker.rest().putConnector("A->B.source-held-back", config);

        Await.until(
                "A.held-back holds all 20,000 records",
                Duration.ofSeconds(120),
                () -> onB.topics().contains("A.held-back") && onB.endOffsetSum("A.held-back") >= 20_000);
        RecordAssertions.assertSameRecords("A.held-back", onA.consumeAll("held-back"), onB.consumeAll("A.held-back"));
    }

    @Test
    void shouldFollowNewTopicsPartitionsAndConfigsWhileRunning() throws Exception {
        onA.createTopic("live-first", 2);
        worker.rest().putConnector("A->B.source-live", FlowConfigs.source(a, b, "live-.*", 2));
        Await.until(
                "A.live-first exists on B",
                Duration.ofSeconds(30),
                () -> onB.topics().contains("A.live-first"));
        Await.until(
                "the connector runs",
                Duration.ofSeconds(30),
                () -> worker.rest().isRunning("A->B.source-live", 1));

        onA.createTopic("live-new", 3, Map.of("retention.ms", "86400000"));
        onA.produce(TestRecords.varied("live-new", 3, 30, System.currentTimeMillis()));
        long created = System.nanoTime();
        Await.until(
                "a topic created on A reaches B",
                Duration.ofSeconds(10),
                () -> onB.topics().contains("A.live-new") && onB.endOffsetSum("A.live-new") == 30);
        System.out.printf(
                "new topic replicated in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - created));
        assertEquals("86400000", topicConfig(onB, "A.live-new", "retention.ms"), "configs are copied at creation");

        onA.admin()
                .createPartitions(Map.of("live-new", NewPartitions.increaseTo(5)))
                .all()
                .get(30, TimeUnit.SECONDS);
        Await.until(
                "a partition added on A appears on B",
                Duration.ofSeconds(10),
                () -> onB.partitionCount("A.live-new") == 5);
        onA.produce(List.of(new ProducerRecord<>(
                "live-new",
                4,
                System.currentTimeMillis(),
                TestRecords.utf8("k"),
                TestRecords.utf8("in the new partition"))));
        Await.until(
                "records of the new partition are copied",
                Duration.ofSeconds(30),
                () -> onB.endOffsetSum("A.live-new") == 31);

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "live-new");
        onA.admin()
                .incrementalAlterConfigs(Map.of(
                        resource,
                        List.of(new AlterConfigOp(
                                new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);
        Await.until(
                "a changed retention.ms reaches B",
                Duration.ofSeconds(15),
                () -> "3600000".equals(topicConfig(onB, "A.live-new", "retention.ms")));

        RecordAssertions.assertSameRecords("A.live-new", onA.consumeAll("live-new"), onB.consumeAll("A.live-new"));
    }

    /**
     * MM2's {@code use.defaults.from}: a config the source topic takes from its cluster's defaults reaches the remote
     * topic only with {@code source}; with {@code target} (the default) the remote topic keeps the target's default.
     */
    @Test
    void shouldTakeTheSourcesDefaultsOnlyWhenUseDefaultsFromIsSource() throws Exception {
        ConfigResource clusterDefaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        String sourceDefault = "3600001";
        alterClusterDefault(clusterDefaults, AlterConfigOp.OpType.SET, sourceDefault);
        try {
            onA.createTopic("defaults-source", 1);
            onA.createTopic("defaults-target", 1);
            Map<String, String> fromSource = FlowConfigs.source(a, b, "defaults-source", 1);
            fromSource.put(MirrorSourceConfig.USE_DEFAULTS_FROM, "source");
            worker.rest().putConnector("A->B.source-defaults-source", fromSource);
            worker.rest().putConnector("A->B.source-defaults-target", FlowConfigs.source(a, b, "defaults-target", 1));
            Await.until(
                    "both remote topics exist",
                    Duration.ofSeconds(60),
                    () -> onB.topics().containsAll(Set.of("A.defaults-source", "A.defaults-target")));
            assertEquals(sourceDefault, topicConfig(onB, "A.defaults-source", "delete.retention.ms"));
            assertEquals(
                    ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG,
                    topicEntry(onB, "A.defaults-source", "delete.retention.ms").source(),
                    "set on the remote topic itself");
            assertEquals(
                    "86400000",
                    topicConfig(onB, "A.defaults-target", "delete.retention.ms"),
                    "the target's own default");
            assertEquals(
                    ConfigEntry.ConfigSource.DEFAULT_CONFIG,
                    topicEntry(onB, "A.defaults-target", "delete.retention.ms").source());
        } finally {
            alterClusterDefault(clusterDefaults, AlterConfigOp.OpType.DELETE, null);
        }
    }

    private static void alterClusterDefault(ConfigResource resource, AlterConfigOp.OpType op, String value)
            throws Exception {
        onA.admin()
                .incrementalAlterConfigs(Map.of(
                        resource,
                        List.of(new AlterConfigOp(new ConfigEntry("log.cleaner.delete.retention.ms", value), op))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldNameEveryBadKeyInConnectValidation() {
        Map<String, String> config = new HashMap<>(FlowConfigs.source(a, b, "ok, bad[", 1));
        config.remove("target.cluster.bootstrap.servers");
        config.put("source.cluster.alias", "us.west");
        config.put("name", "A->B.source-invalid");
        com.fasterxml.jackson.databind.JsonNode answer = worker.rest().validate(FlowConfigs.SOURCE_CONNECTOR, config);
        Map<String, String> errors = new TreeMap<>();
        for (com.fasterxml.jackson.databind.JsonNode value : answer.path("configs")) {
            com.fasterxml.jackson.databind.JsonNode messages =
                    value.path("value").path("errors");
            if (messages.size() > 0) {
                errors.put(
                        value.path("value").path("name").asText(),
                        messages.get(0).asText());
            }
        }
        assertEquals(
                Set.of("topics", "target.cluster.bootstrap.servers", "source.cluster.alias"),
                errors.keySet(),
                "errors per key: " + errors);
        assertEquals(3, answer.path("error_count").asInt());
        org.junit.jupiter.api.Assertions.assertTrue(errors.get("topics").contains("bad["), errors.get("topics"));
    }

    private static String topicConfig(KafkaTestClient client, String topic, String name) throws Exception {
        return topicEntry(client, topic, name).value();
    }

    private static ConfigEntry topicEntry(KafkaTestClient client, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return client.admin()
                .describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource)
                .get(name);
    }
}
