package dev.tandem.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.checkpoint.MirrorCheckpointConnector;
import dev.tandem.driver.config.DriverSettings;
import dev.tandem.heartbeat.MirrorHeartbeatConnector;
import dev.tandem.source.MirrorSourceConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/reference/*.md} are generated from the connectors' and the driver's ConfigDefs and must match them: a key added, a default
 * changed or a description reworded in the code without regenerating fails here, with the command that fixes it.
 */
class ConfigReferenceTest {

    private static final String REGENERATE = "mvn -B -q -pl mirror-checks -am test -Dreference.write=true"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConfigReferenceTest";

    private final Path reference = Path.of(System.getProperty("docs.root", ".."))
            .resolve("docs")
            .resolve("reference")
            .toAbsolutePath()
            .normalize();
    private final boolean write = Boolean.getBoolean("reference.write");

    @Test
    void referencePagesMatchTheConfigDefs() throws IOException {
        List<String> stale = new ArrayList<>();
        check(
                "driver.md",
                "The driver's own keys",
                DriverSettings.class.getName(),
                "Keys of mm2.properties that belong to `bin/connect-mirror-maker` itself; every other top-level key"
                        + " applies to each flow's connectors ([source](source-connector.md),"
                        + " [checkpoint](checkpoint-connector.md), [heartbeat](heartbeat-connector.md)), under"
                        + " `<source>-><target>.` to one flow. Explained in [../driver.md](../driver.md).",
                DriverSettings.CONFIG_DEF,
                stale);
        check(
                "source-connector.md",
                "The source connector's keys",
                new MirrorSourceConnector(),
                "`dev.tandem.source.MirrorSourceConnector`: copies records, topic configs and ACLs, writes offset syncs."
                        + " Explained with examples in [../connectors.md](../connectors.md).",
                stale);
        check(
                "checkpoint-connector.md",
                "The checkpoint connector's keys",
                new MirrorCheckpointConnector(),
                "`dev.tandem.checkpoint.MirrorCheckpointConnector`: translates committed group offsets into"
                        + " checkpoints, optionally syncs them into the target's groups. Explained with examples in"
                        + " [../connectors.md](../connectors.md).",
                stale);
        check(
                "heartbeat-connector.md",
                "The heartbeat connector's keys",
                new MirrorHeartbeatConnector(),
                "`dev.tandem.heartbeat.MirrorHeartbeatConnector`: writes heartbeats to the target. Explained in"
                        + " [../connectors.md](../connectors.md).",
                stale);
        assertEquals(List.of(), stale, "stale reference pages; regenerate them with: " + REGENERATE);
    }

    private void check(String file, String title, Connector connector, String intro, List<String> stale)
            throws IOException {
        check(file, title, connector.getClass().getName(), intro, connector.config(), stale);
    }

    private void check(String file, String title, String owner, String intro, ConfigDef def, List<String> stale)
            throws IOException {
        String expected = ConfigReference.render(title, owner, intro, def);
        Path page = reference.resolve(file);
        String actual = Files.exists(page) ? Files.readString(page, StandardCharsets.UTF_8) : "";
        if (expected.equals(actual)) {
            return;
        }
        if (write) {
            Files.createDirectories(reference);
            Files.writeString(page, expected, StandardCharsets.UTF_8);
            System.out.println("wrote " + page);
        } else {
            stale.add("docs/reference/" + file);
        }
    }
}
