package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.client.MirrorClient;
import dev.tandem.client.records.Heartbeat;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.CopyAudit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One flow A->B deployed the way the README tells a user to: the shipped JSON files of {@code configs/connect/}, their
 * placeholders filled in, POSTed to a worker's REST API; then checked the way the user would check it.
 */
final class PluginFlow {

    static final String SOURCE = "A->B.source";
    static final String CHECKPOINT = "A->B.checkpoint";
    static final String HEARTBEAT = "A->B.heartbeat";
    static final List<String> CONNECTORS = List.of(SOURCE, CHECKPOINT, HEARTBEAT);
    static final List<String> CLASSES = List.of(
            "dev.tandem.source.MirrorSourceConnector",
            "dev.tandem.checkpoint.MirrorCheckpointConnector",
            "dev.tandem.heartbeat.MirrorHeartbeatConnector");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    private PluginFlow() {}

    static Path pluginPath() {
        return Path.of(System.getProperty("tandem.plugin.dir"));
    }

    static Path workerLib(String version) {
        return Path.of(System.getProperty("tandem.worker.lib." + version));
    }

    /** A shipped config file with its {@code ${PLACEHOLDERS}} filled in, as {@code envsubst} would. */
    static ObjectNode shippedConfig(String file, KafkaCluster a, KafkaCluster b) throws IOException {
        Map<String, String> values = Map.of(
                "SOURCE_ALIAS",
                "A",
                "TARGET_ALIAS",
                "B",
                "SOURCE_BOOTSTRAP_SERVERS",
                String.valueOf(a.clientConfig().get("bootstrap.servers")),
                "TARGET_BOOTSTRAP_SERVERS",
                String.valueOf(b.clientConfig().get("bootstrap.servers")));
        String text =
                Files.readString(Path.of(System.getProperty("tandem.connect.configs"), file), StandardCharsets.UTF_8);
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new AssertionError(file + " has a placeholder the README does not explain: " + m.group());
            }
            m.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        m.appendTail(filled);
        return (ObjectNode) JSON.readTree(filled.toString());
    }

    /** POST /connectors with each shipped file; the checkpoint interval is shortened so the test waits less. */
    static void create(ConnectRestClient rest, KafkaCluster a, KafkaCluster b) throws IOException {
        for (String file : List.of("source.json", "checkpoint.json", "heartbeat.json")) {
            ObjectNode body = shippedConfig(file, a, b);
            if (file.equals("checkpoint.json")) {
                ((ObjectNode) body.get("config")).put("emit.checkpoints.interval.seconds", "1");
                ((ObjectNode) body.get("config")).put("refresh.groups.interval.seconds", "1");
            }
            JsonNode created = rest.createConnector(body);
            assertEquals(
                    body.get("name").asText(), created.path("name").asText(), "POST /connectors answered " + created);
        }
    }

    /** GET /connector-plugins lists the three connectors, with Tandem's version. */
    static void assertListed(ConnectRestClient rest) {
        Map<String, String> versions = new HashMap<>();
        for (JsonNode plugin : rest.connectorPlugins()) {
            versions.put(plugin.path("class").asText(), plugin.path("version").asText());
        }
        for (String connector : CLASSES) {
            assertTrue(versions.containsKey(connector), connector + " in GET /connector-plugins: " + versions);
            assertEquals(System.getProperty("tandem.version"), versions.get(connector), "version of " + connector);
        }
    }

    /**
     * PUT /connector-plugins/CLASS/config/validate answers each bad key with its own error: an alias equal to the
     * other one, a missing bootstrap server list, a broken regex, and a converter that would rewrite the bytes.
     */
    static void assertValidationErrors(ConnectRestClient rest, KafkaCluster a, KafkaCluster b) throws IOException {
        Map<String, String> config = new HashMap<>();
        shippedConfig("source.json", a, b)
                .get("config")
                .properties()
                .forEach(e -> config.put(e.getKey(), e.getValue().asText()));
        config.put("name", "A->B.source");
        config.put("target.cluster.alias", "A");
        config.remove("source.cluster.bootstrap.servers");
        config.put("topics", "orders, payments[");
        config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        JsonNode answer = rest.validate(CLASSES.get(0), config);
        Map<String, String> errors = new TreeMap<>();
        for (JsonNode value : answer.path("configs")) {
            JsonNode messages = value.path("value").path("errors");
            if (!messages.isEmpty()) {
                errors.merge(
                        value.path("value").path("name").asText(),
                        messages.get(0).asText(),
                        (x, y) -> x);
            }
        }
        assertEquals(
                Set.of("source.cluster.bootstrap.servers", "topics", "value.converter"),
                errors.keySet(),
                "keys with errors: " + errors);
        assertTrue(errors.get("topics").contains("payments["), errors.get("topics"));
        assertTrue(errors.get("value.converter").contains("ByteArrayConverter"), errors.get("value.converter"));
        // Aliases are compared once every key is valid on its own, so the same alias is reported on its own.
        config.put(
                "source.cluster.bootstrap.servers",
                String.valueOf(a.clientConfig().get("bootstrap.servers")));
        config.put("topics", "orders");
        config.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        JsonNode aliases = rest.validate(CLASSES.get(0), config);
        assertEquals(1, aliases.path("error_count").asInt(), aliases.toString());
        assertTrue(
                aliases.toString().contains("target.cluster.alias 'A' equals source.cluster.alias"),
                aliases.toString());
    }

    /** The connector and as many tasks as it asked for are RUNNING, as GET /connectors/NAME/status shows. */
    static void awaitRunning(ConnectRestClient rest, String connector) {
        Await.until(connector + " and all its tasks RUNNING", Duration.ofSeconds(90), () -> {
            JsonNode status = rest.status(connector);
            if (status.path("tasks").isEmpty()) {
                return false;
            }
            boolean running =
                    "RUNNING".equals(status.path("connector").path("state").asText());
            for (JsonNode task : status.path("tasks")) {
                if ("FAILED".equals(task.path("state").asText())) {
                    throw new AssertionError(
                            connector + " task failed: " + task.path("trace").asText());
                }
                running &= "RUNNING".equals(task.path("state").asText());
            }
            return running;
        });
    }

    /**
     * Waits until every record of {@code topic} on A is in {@code A.<topic>} on B, then audits each partition: none
     * lost, order kept, key, value, headers and timestamp equal. Returns the duplicates (a killed worker re-copies what
     * it had not committed).
     */
    static int awaitCopied(KafkaTestClient onA, KafkaTestClient onB, String topic) {
        List<ConsumerRecord<byte[], byte[]>> source = onA.consumeAll(topic);
        Await.until(
                "all " + source.size() + " records of " + topic + " on B",
                Duration.ofSeconds(120),
                () -> onB.topics().contains("A." + topic)
                        && onB.endOffsetSum("A." + topic) >= source.size()
                        && audit(source, onB.consumeAll("A." + topic)).stream().allMatch(a -> a.lost() == 0));
        int duplicates = 0;
        List<CopyAudit> audits = audit(source, onB.consumeAll("A." + topic));
        for (int p = 0; p < audits.size(); p++) {
            assertEquals(
                    List.of(), audits.get(p).problems(), "partition " + p + " of A." + topic + ": " + audits.get(p));
            duplicates += audits.get(p).duplicates();
        }
        return duplicates;
    }

    private static List<CopyAudit> audit(
            List<ConsumerRecord<byte[], byte[]>> source, List<ConsumerRecord<byte[], byte[]>> target) {
        List<CopyAudit> audits = new ArrayList<>();
        for (int p : ByPartition.partitions(source)) {
            audits.add(CopyAudit.of(ByPartition.only(source, p), ByPartition.only(target, p)));
        }
        return audits;
    }

    /** The group's offsets committed on A appear, translated exactly, in B's {@code A.checkpoints.internal}. */
    static void awaitCheckpoints(KafkaCluster b, String group, Map<TopicPartition, Long> committedOnA) {
        Map<TopicPartition, Long> expected = new HashMap<>();
        committedOnA.forEach(
                (tp, offset) -> expected.put(new TopicPartition("A." + tp.topic(), tp.partition()), offset));
        try (MirrorClient onB = new MirrorClient(b.clientConfig())) {
            Await.value(
                    "checkpoints of " + group + " on B at " + expected,
                    Duration.ofSeconds(90),
                    () -> {
                        Map<TopicPartition, Long> found = new HashMap<>();
                        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : onB.remoteConsumerOffsets(
                                        group, "A", Duration.ofSeconds(10))
                                .entrySet()) {
                            found.put(e.getKey(), e.getValue().offset());
                        }
                        return found;
                    },
                    expected::equals);
        }
    }

    /** Fresh heartbeats of flow A->B arrive in B's {@code heartbeats} topic, each written within the last minute. */
    static void awaitHeartbeats(KafkaTestClient onB) {
        long since = System.currentTimeMillis() - 60_000;
        Await.until("heartbeats of A->B in B's heartbeats topic", Duration.ofSeconds(60), () -> {
            if (!onB.topics().contains("heartbeats")) {
                return false;
            }
            for (ConsumerRecord<byte[], byte[]> record : onB.consumeAll("heartbeats")) {
                Heartbeat heartbeat = Heartbeat.decode(record.key(), record.value());
                if (heartbeat.sourceClusterAlias().equals("A")
                        && heartbeat.targetClusterAlias().equals("B")
                        && heartbeat.timestampMs() > since) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Over JMX, as an operator's dashboard reads MirrorMaker 2's MBeans: each partition's record-count equals the
     * records copied, and the flow counts checkpoints and has a fresh heartbeat.
     */
    static void awaitJmxMetrics(StockConnectWorker worker, KafkaTestClient onA, String topic) {
        Map<TopicPartition, Long> ends = onA.endOffsets(topic);
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            String bean = "kafka.connect.mirror:type=MirrorSourceConnector,target=B,topic=A." + topic + ",partition="
                    + end.getKey().partition();
            Await.value(
                    bean + " record-count = " + end.getValue(),
                    Duration.ofSeconds(30),
                    () -> worker.jmxAttribute(bean, "record-count"),
                    count -> count.isPresent() && count.getAsDouble() == end.getValue());
        }
        String flow = "kafka.connect.mirror:type=MirrorFlow,source=A,target=B";
        Await.value(
                flow + " checkpoints-written-total > 0",
                Duration.ofSeconds(30),
                () -> worker.jmxAttribute(flow, "checkpoints-written-total"),
                n -> n.isPresent() && n.getAsDouble() > 0);
        double age = worker.jmxAttribute(flow, "heartbeat-age-seconds").orElse(-1);
        assertTrue(age >= 0 && age < 30, flow + " heartbeat-age-seconds " + age);
    }
}
