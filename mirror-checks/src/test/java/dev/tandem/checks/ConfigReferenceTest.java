package dev.tandem.checks;

import dev.tandem.checkpoint.MirrorCheckpointConnector;
import dev.tandem.heartbeat.MirrorHeartbeatConnector;
import dev.tandem.source.MirrorSourceConnector;

import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code docs/reference/*.md} are generated from the connectors' ConfigDefs and must match them: a key added, a default
 * changed or a description reworded in the code without regenerating fails here, with the command that fixes it.
 */
class ConfigReferenceTest {

    private static final String REGENERATE = "mvn -B -q -pl mirror-checks -am test -Dreference.write=true"
            + " -Dsurefire.failIfNoSpecifiedTests=false -Dtest=ConfigReferenceTest";

    private final Path reference = Path.of(System.getProperty("docs.root", "..")).resolve("docs").resolve("reference")
            .toAbsolutePath().normalize();
    private final boolean write = Boolean.getBoolean("reference.write");

    @Test
    void referencePagesMatchTheConfigDefs() throws IOException {
        List<String> stale = new ArrayList<>();
        check("source-connector.md", "The source connector's keys", new MirrorSourceConnector(),
                "`dev.tandem.source.MirrorSourceConnector`: copies records, topic configs and ACLs, writes offset syncs."
                        + " Explained with examples in [../connectors.md](../connectors.md).", stale);
        check("checkpoint-connector.md", "The checkpoint connector's keys", new MirrorCheckpointConnector(),
                "`dev.tandem.checkpoint.MirrorCheckpointConnector`: translates committed group offsets into"
                        + " checkpoints, optionally syncs them into the target's groups. Explained with examples in"
                        + " [../connectors.md](../connectors.md).", stale);
        check("heartbeat-connector.md", "The heartbeat connector's keys", new MirrorHeartbeatConnector(),
                "`dev.tandem.heartbeat.MirrorHeartbeatConnector`: writes heartbeats to the target. Explained in"
                        + " [../connectors.md](../connectors.md).", stale);
        assertEquals(List.of(), stale, "stale reference pages; regenerate them with: " + REGENERATE);
    }

    private void check(String file, String title, Connector connector, String intro, List<String> stale)
            throws IOException {
        String expected = ConfigReference.render(title, connector.getClass().getName(), intro, connector.config());
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
