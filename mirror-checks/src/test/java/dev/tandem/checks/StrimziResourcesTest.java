package dev.tandem.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Strimzi resources in {@code configs/strimzi} say what the shipped Connect configs in {@code configs/connect}
 * say: each KafkaConnector has the JSON file's class, {@code tasks.max} and every other key with the same value, and
 * belongs to the KafkaConnect cluster of {@code kafka-connect.yaml}, which takes its connectors from such resources
 * and builds its image with the plugin archive.
 */
class StrimziResourcesTest {

    private static final Path CONFIGS = Path.of(System.getProperty("docs.root", ".."))
            .toAbsolutePath()
            .normalize()
            .resolve("configs");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldMatchTheShippedConnectorConfigs() throws IOException {
        JsonNode connect =
                YAML.readTree(CONFIGS.resolve("strimzi/kafka-connect.yaml").toFile());
        assertEquals("KafkaConnect", connect.path("kind").asText());
        String cluster = connect.path("metadata").path("name").asText();
        for (String kind : new String[] {"source", "checkpoint", "heartbeat"}) {
            JsonNode resource =
                    YAML.readTree(CONFIGS.resolve("strimzi/" + kind + ".yaml").toFile());
            JsonNode shipped = JSON.readTree(
                            CONFIGS.resolve("connect/" + kind + ".json").toFile())
                    .path("config");
            assertEquals("kafka.strimzi.io/v1beta2", resource.path("apiVersion").asText(), kind);
            assertEquals("KafkaConnector", resource.path("kind").asText(), kind);
            assertEquals(
                    cluster,
                    resource.path("metadata")
                            .path("labels")
                            .path("strimzi.io/cluster")
                            .asText(),
                    kind + " belongs to the KafkaConnect resource");
            JsonNode spec = resource.path("spec");
            assertEquals(
                    shipped.path("connector.class").asText(), spec.path("class").asText(), kind);
            assertEquals(
                    shipped.path("tasks.max").asText(), spec.path("tasksMax").asText(), kind);
            Map<String, String> expected = new TreeMap<>();
            shipped.properties()
                    .forEach(e -> expected.put(e.getKey(), e.getValue().asText()));
            expected.remove("connector.class");
            expected.remove("tasks.max");
            Map<String, String> found = new TreeMap<>();
            spec.path("config")
                    .properties()
                    .forEach(e -> found.put(e.getKey(), e.getValue().asText()));
            assertEquals(expected, found, kind + ".yaml's config against connect/" + kind + ".json");
        }
    }

    @Test
    void shouldBuildTheConnectClusterWithThePluginAndConnectorResources() throws IOException {
        JsonNode connect =
                YAML.readTree(CONFIGS.resolve("strimzi/kafka-connect.yaml").toFile());
        assertEquals(
                "true",
                connect.path("metadata")
                        .path("annotations")
                        .path("strimzi.io/use-connector-resources")
                        .asText());
        JsonNode artifact = connect.path("spec")
                .path("build")
                .path("plugins")
                .path(0)
                .path("artifacts")
                .path(0);
        assertEquals("zip", artifact.path("type").asText());
        assertTrue(artifact.path("url").asText().endsWith("-plugin.zip"), artifact.toString());
        JsonNode config = connect.path("spec").path("config");
        assertEquals("90000", config.path("task.shutdown.graceful.timeout.ms").asText(), "as docs/plugin.md says");
        assertTrue(config.path("offset.storage.topic").asText().endsWith(".internal"), "never replicated itself");
    }
}
