package dev.tandem.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tandem.driver.config.ConnectorConfigFactory;
import dev.tandem.driver.config.ConnectorKind;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.Flow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped examples and an MM2-style stock file are valid as they are. */
class ExampleConfigsTest {

    @Test
    void shouldAcceptEveryShippedExample() throws IOException {
        Path configs = Path.of(System.getProperty("user.dir")).getParent().resolve("configs");
        List<Path> files;
        try (Stream<Path> listing = Files.list(configs)) {
            files = listing.filter(p ->
                            p.toString().endsWith(".properties") || p.toString().endsWith(".conf"))
                    .toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            DriverConfig config = DriverConfig.load(file, Set.of());
            assertFalse(config.targets().isEmpty(), file + " runs something");
        }
    }

    @Test
    void shouldRunMirrorMakersStockFileUnchanged() throws URISyntaxException {
        Path file =
                Path.of(getClass().getResource("/mm2-stock-example.properties").toURI());
        DriverConfig config = DriverConfig.load(file, Set.of());
        assertEquals(Set.of("A", "B"), config.targets());
        Map<String, String> source = new ConnectorConfigFactory(config.mm2())
                .connector(new Flow("A", "B"), ConnectorKind.SOURCE)
                .values();
        assertEquals("A_host1:9092, A_host2:9092, A_host3:9092", source.get("source.cluster.bootstrap.servers"));
        assertEquals("B_host1:9092, B_host2:9092, B_host3:9092", source.get("target.cluster.bootstrap.servers"));
        assertEquals(".*", source.get("topics"));
        assertEquals("1", source.get("replication.factor"));
        assertEquals("A->B.source", source.get("name"));
    }

    @Test
    void shouldLayerSettingsTopThenClusterThenFlow() {
        Map<String, String> raw = Map.of(
                "clusters",
                "A, B",
                "A.bootstrap.servers",
                "a:1",
                "B.bootstrap.servers",
                "b:1",
                "A->B.enabled",
                "true",
                "security.protocol",
                "SSL",
                "B.security.protocol",
                "SASL_SSL",
                "tasks.max",
                "2",
                "A->B.tasks.max",
                "6",
                "A.consumer.max.poll.records",
                "50");
        DriverConfig config = DriverConfig.of("test", raw, Set.of());
        Map<String, String> source = new ConnectorConfigFactory(config.mm2())
                .connector(new Flow("A", "B"), ConnectorKind.SOURCE)
                .values();
        assertEquals(
                "SSL",
                source.get("source.cluster.security.protocol"),
                "top-level client settings apply to every cluster");
        assertEquals("SASL_SSL", source.get("target.cluster.security.protocol"), "<alias>. beats the top level");
        assertEquals("6", source.get("tasks.max"), "A->B. beats the top level");
        assertEquals("50", source.get("source.consumer.max.poll.records"));
    }
}
