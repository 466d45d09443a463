package dev.tandem.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code connect-mirror-maker drill} with a bad command line or a config without the flow: exit 2, a clear reason. */
class DrillCommandTest {

    private static final String CONFIG = """
            clusters = A, B
            A.bootstrap.servers = 127.0.0.1:1
            B.bootstrap.servers = 127.0.0.1:2
            A->B.enabled = true
            """;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no --from              | --to B                             | Missing --from",
                "same cluster twice     | --from A --to A                    | --from and --to are both A",
                "--force alone          | --from A --to B --force            | --force only means something with --execute",
                "bad regex              | --from A --to B --groups (         | --groups ( is not a valid regex",
                "bad timeout            | --from A --to B --timeout 0        | --timeout 0 is not a positive number of seconds",
                "unknown option         | --from A --to B --dry-run          | Unknown option --dry-run",
                "unknown cluster        | --from A --to C                    | the config's clusters are [A, B]",
                "flow not enabled       | --from B --to A                    | B->A is not enabled",
            })
    void shouldRefuseWithExitCode2(String name, String args, String expected) throws IOException {
        Path config = dir.resolve("mm2.properties");
        Files.writeString(config, CONFIG);
        List<String> command = new ArrayList<>(List.of("drill", config.toString()));
        command.addAll(List.of(args.trim().split("\\s+")));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConnectMirrorMaker.run(
                command.toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, message);
        assertTrue(message.contains(expected), name + ": " + message);
    }

    @Test
    void shouldPrintItsUsageOnHelp() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ConnectMirrorMaker.run(
                new String[] {"drill", "--help"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        assertTrue(
                out.toString(StandardCharsets.UTF_8).contains("--execute [--force]"),
                out.toString(StandardCharsets.UTF_8));
    }
}
