package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.plugins.PluginJar;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * An mm2.properties that relies on MirrorMaker 2's plug-in points, with classes a user wrote against MM2's interfaces
 * (a topic filter reading its own key, a group filter, a config property filter and a replication policy; sources in
 * the testkit's {@code mm2-plugins}). Without MM2's jars beside them the driver refuses the file naming each key and
 * the jars it needs (exit 2); with them, every choice of the user's classes is what happens on B.
 */
class Mm2PluginsIT {

    private static final String PLUGINS = "com.example.mm2.";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void shouldRunMirrorMaker2PluginsOrSayWhatIsMissing() throws Exception {
        // Under target/, not a temporary folder: the driver's logs are what explains a failure.
        Path work = WorkDirs.fresh("Mm2PluginsIT");
        Path lib = Path.of(System.getProperty("tandem.worker.lib.4.3"));
        Path mm2 = PluginJar.kafkaJar(lib, "connect-mirror");
        Path mm2Client = PluginJar.kafkaJar(lib, "connect-mirror-client");
        Path plugins = PluginJar.mm2Plugins(lib, work.resolve("example-mm2-plugins.jar"));
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic("orders", 2, Map.of("retention.ms", "3600000", "max.message.bytes", "200000"));
            clusters.onA.createTopic("payments", 2);
            clusters.onA.createTopic("audit", 1);
            for (String topic : List.of("orders", "payments", "audit")) {
                clusters.onA.produce(TestRecords.varied(
                        topic, clusters.onA.partitionCount(topic), 300, System.currentTimeMillis() - 60_000));
            }
            Map<TopicPartition, Long> keep =
                    Map.of(new TopicPartition("orders", 0), 100L, new TopicPartition("orders", 1), 120L);
            clusters.onA.commit("billing-keep", keep);
            clusters.onA.commit("billing-skip", Map.of(new TopicPartition("orders", 0), 50L));
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "topic.filter.class = " + PLUGINS + "PrefixTopicFilter",
                    "example.topic.prefixes = orders, payments",
                    "group.filter.class = " + PLUGINS + "KeepGroupFilter",
                    "config.property.filter.class = " + PLUGINS + "RetentionOnlyConfigPropertyFilter",
                    "replication.policy.class = " + PLUGINS + "UnderscoreReplicationPolicy",
                    "replication.factor = 1",
                    "offset-syncs.topic.replication.factor = 1",
                    "checkpoints.topic.replication.factor = 1",
                    "heartbeats.topic.replication.factor = 1",
                    "sync.topic.acls.enabled = false",
                    "refresh.groups.interval.seconds = 2",
                    "emit.checkpoints.interval.seconds = 1");

            // Without MM2's interface jars: refused at start, each key named with what it needs.
            try (DriverProcess refused =
                    DriverProcess.start(config, work.resolve("refused.log"), Map.of("CLASSPATH", plugins.toString()))) {
                Await.until("the driver refuses the file", WAIT, () -> !refused.isAlive());
                String output = refused.output();
                assertEquals(2, refused.exitCode(), output);
                for (String key : List.of(
                        "topic.filter.class",
                        "group.filter.class",
                        "config.property.filter.class",
                        "replication.policy.class")) {
                    assertTrue(output.contains(key), key + " not named:\n" + output);
                }
                assertTrue(output.contains("connect-mirror-4.3.1.jar and connect-mirror-client-4.3.1.jar"), output);
                assertFalse(output.contains("Exception") || output.contains("\tat "), "no stack trace:\n" + output);
                assertFalse(clusters.onB.topics().stream().anyMatch(t -> t.startsWith("A_")), "nothing copied");
            }

            // With them: the user's classes decide.
            String classpath = Stream.of(plugins, mm2, mm2Client)
                    .map(Path::toString)
                    .collect(Collectors.joining(File.pathSeparator));
            try (DriverProcess driver = DriverProcess.start(
                            config, work.resolve("driver.log"), Map.of("CLASSPATH", classpath))
                    .awaitStarted(WAIT, "B")) {
                for (String topic : List.of("orders", "payments")) {
                    Await.until(
                            "A_" + topic + " copied",
                            WAIT,
                            () -> clusters.onB.topics().contains("A_" + topic)
                                    && clusters.onB.endOffsetSum("A_" + topic) == 300);
                    List<ConsumerRecord<byte[], byte[]>> sent = clusters.onA.consumeAll(topic);
                    assertEquals(300, sent.size(), "records of " + topic + " on A");
                    RecordAssertions.assertSameRecords(topic, sent, clusters.onB.consumeAll("A_" + topic));
                }
                Await.until(
                        "B's checkpoints of billing-keep are exact",
                        WAIT,
                        () -> keep.equals(checkpoints(clusters, "billing-keep")));
                Await.until(
                        "the remote topic's retention.bytes is the source's default",
                        WAIT,
                        () -> topicSetting(clusters, "A_orders", "retention.bytes") != null);
                assertEquals(Map.of(), checkpoints(clusters, "billing-skip"), "the group filter refuses billing-skip");
                Set<String> onB = clusters.onB.topics();
                assertFalse(
                        onB.contains("A_audit") || onB.contains("A.audit") || onB.contains("A.orders"), onB.toString());
                Await.until(
                        "A's heartbeats copied to A_heartbeats, named by the user's policy",
                        WAIT,
                        () -> clusters.onB.topics().contains("A_heartbeats"));
                assertEquals("3600000", topicSetting(clusters, "A_orders", "retention.ms"), "set on the source topic");
                assertEquals(
                        "-1", topicSetting(clusters, "A_orders", "retention.bytes"), "the source's default, asked for");
                assertEquals(null, topicSetting(clusters, "A_orders", "max.message.bytes"), "refused by the filter");
                assertTrue(driver.isAlive(), driver.output());
            }
        }
    }

    /** The newest downstream offset B's checkpoints give {@code group}, per source partition (named on A). */
    private static Map<TopicPartition, Long> checkpoints(TwoClusters clusters, String group) {
        if (!clusters.onB.topics().contains("A.checkpoints.internal")) {
            return Map.of();
        }
        Map<TopicPartition, Long> newest = new java.util.HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : clusters.onB.consumeAll("A.checkpoints.internal")) {
            Checkpoint checkpoint = Checkpoint.decode(r.key(), r.value());
            if (checkpoint.consumerGroupId().equals(group)) {
                TopicPartition remote = checkpoint.topicPartition();
                assertEquals("A_orders", remote.topic(), "checkpoints name the remote topic as the user's policy does");
                newest.put(new TopicPartition("orders", remote.partition()), checkpoint.downstreamOffset());
            }
        }
        return newest;
    }

    /** The value of {@code name} set on topic {@code topic} of B itself; null when it comes from a default. */
    private static String topicSetting(TwoClusters clusters, String topic, String name)
            throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = clusters.onB
                .admin()
                .describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource);
        ConfigEntry entry = config.get(name);
        return entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG ? entry.value() : null;
    }
}
