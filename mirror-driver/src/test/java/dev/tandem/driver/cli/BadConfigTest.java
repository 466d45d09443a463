package dev.tandem.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad configuration stops the driver before anything starts, with exit code 2 and a message naming the key. */
class BadConfigTest {

    private static final String GOOD = """
            clusters = A, B
            A.bootstrap.servers = 127.0.0.1:1
            B.bootstrap.servers = 127.0.0.1:2
            A->B.enabled = true
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("no clusters", "A.bootstrap.servers = h:1\nA->B.enabled = true\n", "clusters: missing"),
                bad("empty clusters", "clusters =\n", "clusters: missing"),
                bad(
                        "alias with a dot",
                        GOOD.replace("clusters = A, B", "clusters = A, B, us.east"),
                        "'us.east' is not a valid cluster alias"),
                bad("alias listed twice", GOOD.replace("clusters = A, B", "clusters = A, B, A"), "'A' is listed twice"),
                bad(
                        "alias clashing with settings",
                        GOOD.replace("clusters = A, B", "clusters = A, B, sync") + "sync.bootstrap.servers = h:3\n",
                        "the alias 'sync' clashes"),
                bad(
                        "missing bootstrap servers",
                        GOOD.replace("B.bootstrap.servers = 127.0.0.1:2\n", ""),
                        "B.bootstrap.servers: missing"),
                bad("empty bootstrap servers", GOOD.replace("127.0.0.1:2", ""), "B.bootstrap.servers: missing"),
                bad(
                        "flow with an unknown alias",
                        GOOD + "A->C.enabled = true\n",
                        "A->C.enabled: names a cluster that is not in clusters"),
                bad(
                        "flow to itself",
                        GOOD + "A->A.enabled = true\n",
                        "A->A.enabled: a cluster cannot replicate to itself"),
                bad(
                        "enabled is not a boolean",
                        GOOD.replace("A->B.enabled = true", "A->B.enabled = yes"),
                        "A->B.enabled: 'yes' is not a boolean"),
                bad(
                        "no flow enabled",
                        GOOD.replace("A->B.enabled = true", "A->B.enabled = false"),
                        "(flows): no flow is enabled"),
                bad(
                        "bad topics regex in a flow",
                        GOOD + "A->B.topics = orders, pay[\n",
                        "A->B.topics: Invalid value pay["),
                bad(
                        "bad exclude regex at the top",
                        GOOD + "topics.exclude = (unclosed\n",
                        "topics.exclude: Invalid value (unclosed"),
                bad("bad groups regex", GOOD + "groups = *\n", "groups: Invalid value *"),
                bad("tasks.max not a number", GOOD + "tasks.max = many\n", "tasks.max: 'many' is not a whole number"),
                bad("tasks.max zero", GOOD + "tasks.max = 0\n", "tasks.max: must be at least 1"),
                bad(
                        "interval of the wrong type",
                        GOOD + "emit.checkpoints.interval.seconds = soon\n",
                        "emit.checkpoints.interval.seconds: Invalid value soon"),
                bad(
                        "negative interval",
                        GOOD + "A->B.refresh.topics.interval.seconds = -5\n",
                        "A->B.refresh.topics.interval.seconds: Invalid value -5"),
                bad(
                        "replication factor zero",
                        GOOD + "replication.factor = 0\n",
                        "replication.factor: Invalid value 0"),
                bad(
                        "unknown policy class",
                        GOOD + "replication.policy.class = com.example.Missing\n",
                        "replication.policy.class: Invalid value com.example.Missing"),
                bad(
                        "identity policy with a cycle",
                        GOOD + "B->A.enabled = true\n"
                                + "replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy\n",
                        "would copy records around forever"),
                bad(
                        "bad offset-syncs location",
                        GOOD + "offset-syncs.topic.location = middle\n",
                        "offset-syncs.topic.location: Invalid value middle"),
                bad(
                        "http listener without a port",
                        GOOD + "http.listener = localhost\n",
                        "http.listener: 'localhost' is not host:port"),
                bad(
                        "restart flag not a boolean",
                        GOOD + "restart.failed.tasks.enabled = sometimes\n",
                        "restart.failed.tasks.enabled: Invalid value sometimes"),
                bad(
                        "partition label flag not a boolean",
                        GOOD + "metrics.partition.label.enabled = maybe\n",
                        "metrics.partition.label.enabled: Invalid value maybe"),
                bad(
                        "http listener port out of range",
                        GOOD + "http.listener = 127.0.0.1:70000\n",
                        "http.listener: '127.0.0.1:70000' is not host:port"),
                bad(
                        "heartbeats flag not a boolean",
                        GOOD + "A->B.emit.heartbeats.enabled = often\n",
                        "A->B.emit.heartbeats.enabled: 'often' is not a boolean"),
                bad(
                        "boolean of the wrong type",
                        GOOD + "A->B.sync.group.offsets.enabled = sometimes\n",
                        "A->B.sync.group.offsets.enabled: Invalid value sometimes"));
    }

    private static Arguments bad(String name, String file, String expected) {
        return Arguments.of(name, file, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void shouldRefuseWithTheKeyAndExitCodeTwo(String name, String file, String expected) throws IOException {
        Path config = dir.resolve("mm2.properties");
        Files.writeString(config, file);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ConnectMirrorMaker.run(
                new String[] {config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ConnectMirrorMaker.INVALID, code, name + ": " + message);
        assertTrue(message.contains(expected), name + ": expected '" + expected + "' in:\n" + message);
        assertTrue(message.contains("Nothing was started"), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing ran");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void shouldRefuseBadCommandLines(String name, String[] args, String expected) throws IOException {
        Files.writeString(dir.resolve("mm2.properties"), GOOD);
        String[] resolved =
                Stream.of(args).map(a -> a.replace("$DIR", dir.toString())).toArray(String[]::new);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConnectMirrorMaker.run(
                resolved,
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ConnectMirrorMaker.INVALID, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(expected), err.toString(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> commandLines() {
        return Stream.of(
                Arguments.of("no file", new String[] {}, "Missing CONFIG"),
                Arguments.of("missing file", new String[] {"$DIR/nope.properties"}, "no such file"),
                Arguments.of(
                        "unknown target",
                        new String[] {"--clusters", "C", "$DIR/mm2.properties"},
                        "--clusters: 'C' is not one of the clusters"),
                Arguments.of(
                        "unknown option",
                        new String[] {"--verbose", "$DIR/mm2.properties"},
                        "Unknown option --verbose"));
    }

    @org.junit.jupiter.api.Test
    void shouldReportEveryProblemAtOnce() throws IOException {
        Path config = dir.resolve("mm2.properties");
        Files.writeString(config, GOOD.replace("B.bootstrap.servers = 127.0.0.1:2\n", "") + "A->C.enabled = true\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ConnectMirrorMaker.run(
                new String[] {config.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(
                message.contains("2 problem(s)")
                        && message.contains("B.bootstrap.servers")
                        && message.contains("A->C.enabled"),
                message);
    }

    @org.junit.jupiter.api.Test
    void shouldReadHoconWithEnvironmentSubstitution() throws IOException {
        Path config = dir.resolve("mm2.conf");
        Files.writeString(config, """
                clusters = [A, B]
                A.bootstrap.servers = "127.0.0.1:1"
                B.bootstrap.servers = ${?TANDEM_TEST_UNSET_VARIABLE}
                "A->B".enabled = true
                """);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConnectMirrorMaker.run(
                new String[] {config.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(ConnectMirrorMaker.INVALID, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("B.bootstrap.servers: missing"),
                "an unset ${?VAR} leaves the key out: " + err);
    }
}
