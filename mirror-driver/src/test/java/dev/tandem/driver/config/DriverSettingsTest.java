package dev.tandem.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's own keys: defaults, parsing as any ConfigDef parses, and kept out of the connectors' settings. */
class DriverSettingsTest {

    private static final Map<String, String> FILE = Map.of(
            "clusters",
            "A, B",
            "A.bootstrap.servers",
            "127.0.0.1:1",
            "B.bootstrap.servers",
            "127.0.0.1:2",
            "A->B.enabled",
            "true");

    @Test
    void shouldRunWithDefaultsWhenTheFileSaysNothing() {
        DriverSettings settings = new MirrorMakerConfig("test", FILE).driverSettings();
        assertEquals("127.0.0.1:9464", settings.httpListener());
        assertTrue(settings.partitionLabel());
        assertTrue(settings.restartFailedTasks());
    }

    @Test
    void shouldParseValuesAsWrittenWithSpacesAndAnyCase() {
        Map<String, String> file = new HashMap<>(FILE);
        file.put("http.listener", " 0.0.0.0:9500 ");
        file.put("metrics.partition.label.enabled", "FALSE");
        file.put("restart.failed.tasks.enabled", " False");
        DriverSettings settings = new MirrorMakerConfig("test", file).driverSettings();
        assertEquals("0.0.0.0:9500", settings.httpListener());
        assertFalse(settings.partitionLabel());
        assertFalse(settings.restartFailedTasks());
    }

    @Test
    void shouldKeepDriverKeysOutOfEveryFlowsSettings() {
        Map<String, String> file = new HashMap<>(FILE);
        file.put("http.listener", "127.0.0.1:0");
        file.put("restart.failed.tasks.enabled", "false");
        file.put("metrics.partition.label.enabled", "false");
        file.put("tasks.max", "3");
        assertEquals(
                Map.of("tasks.max", "3"),
                new MirrorMakerConfig("test", file).globalSettings(),
                "only connector keys reach the connectors");
    }

    @Test
    void shouldNameEveryBadDriverKeyAtOnce() {
        Map<String, String> file = new HashMap<>(FILE);
        file.put("http.listener", "localhost");
        file.put("metrics.partition.label.enabled", "maybe");
        Map<String, List<String>> problems = DriverSettings.validate(file);
        assertEquals(List.of("http.listener", "metrics.partition.label.enabled"), List.copyOf(problems.keySet()));
        assertTrue(
                problems.get("http.listener").get(0).startsWith("'localhost' is not host:port"), problems.toString());
    }
}
