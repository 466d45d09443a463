package dev.tandem.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.connect.StockConnectWorker;
import dev.tandem.testkit.plugins.PluginJar;
import dev.tandem.testkit.records.TestRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic filter a user wrote against MirrorMaker 2's {@code TopicFilter}, its jar put beside Tandem's on a stock
 * Connect 4.3.1 worker's plugin path (MM2's interface comes from Kafka's own libs, as on any Kafka installation):
 * Tandem's source connector copies exactly the topics it chooses. A class that is not there fails Connect's
 * validation on {@code topic.filter.class}, saying where the jar goes.
 */
class Mm2TopicFilterOnConnectIT {

    @Test
    void shouldCopyTheTopicsTheUsersFilterChooses(@TempDir Path tmp) throws Exception {
        Path lib = PluginFlow.workerLib("4.3");
        Path plugins = copyPluginPath(tmp.resolve("plugins"));
        Path tandemLib = plugins.resolve("tandem-mirror-" + System.getProperty("tandem.version"))
                .resolve("lib");
        PluginJar.mm2Plugins(lib, tandemLib.resolve("example-mm2-plugins.jar"));
        try (TwoClusters clusters = TwoClusters.start()) {
            for (String topic : List.of("orders", "orders-eu", "audit")) {
                clusters.onA.createTopic(topic, 2);
                clusters.onA.produce(TestRecords.varied(topic, 2, 400, System.currentTimeMillis() - 60_000));
            }
            try (StockConnectWorker worker =
                    StockConnectWorker.start(lib, plugins, clusters.b, "mm2-filter", tmp.resolve("worker"), Map.of())) {
                ConnectRestClient rest = worker.rest();
                ObjectNode source = PluginFlow.shippedConfig("source.json", clusters.a, clusters.b);
                ObjectNode config = (ObjectNode) source.get("config");

                config.put("topic.filter.class", "com.example.mm2.Missing");
                JsonNode answer = rest.validate(PluginFlow.CLASSES.get(0), asMap(config));
                String error = errorsOf(answer, "topic.filter.class");
                assertTrue(error.contains("no such class") && error.contains("plugin path"), answer.toString());
                assertEquals(1, answer.path("error_count").asInt(), answer.toString());

                config.put("topic.filter.class", "com.example.mm2.PrefixTopicFilter");
                config.put("example.topic.prefixes", "orders");
                assertEquals(
                        0,
                        rest.validate(PluginFlow.CLASSES.get(0), asMap(config))
                                .path("error_count")
                                .asInt());
                rest.createConnector(source);
                PluginFlow.awaitRunning(rest, PluginFlow.SOURCE);
                assertEquals(0, PluginFlow.awaitCopied(clusters.onA, clusters.onB, "orders"), "duplicates");
                assertEquals(0, PluginFlow.awaitCopied(clusters.onA, clusters.onB, "orders-eu"), "duplicates");
                assertFalse(clusters.onB.topics().contains("A.audit"), "the filter refuses audit");
                assertTrue(
                        Files.readString(worker.log())
                                .contains("the topics com.example.mm2.PrefixTopicFilter (topic.filter.class)"
                                        + " chooses"),
                        "the start-up log names the user's filter");
            }
        }
    }

    private static String errorsOf(JsonNode answer, String key) {
        for (JsonNode value : answer.path("configs")) {
            if (key.equals(value.path("value").path("name").asText())) {
                return value.path("value").path("errors").toString();
            }
        }
        return "";
    }

    private static Map<String, String> asMap(ObjectNode config) {
        Map<String, String> map = new HashMap<>(Map.of("name", PluginFlow.SOURCE));
        config.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** The built plugin directory copied, so the test's jar does not land in the build's own. */
    private static Path copyPluginPath(Path into) throws IOException {
        Path from = PluginFlow.pluginPath();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path to = into.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return into;
    }
}
