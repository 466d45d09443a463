package dev.tandem.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The unknown-key table: a near-miss of a known key stops the driver, a merely unknown key is a warning. */
class UnknownKeysTest {

    private static Map<String, String> good() {
        Map<String, String> settings = new HashMap<>();
        settings.put("clusters", "A, B");
        settings.put("A.bootstrap.servers", "127.0.0.1:1");
        settings.put("B.bootstrap.servers", "127.0.0.1:2");
        settings.put("A->B.enabled", "true");
        return settings;
    }

    static Stream<Arguments> nearMisses() {
        return Stream.of(
                Arguments.of("A->B.topic", "orders", "did you mean A->B.topics?"),
                Arguments.of("A.bootstrap.server", "127.0.0.1:1", "did you mean A.bootstrap.servers?"),
                Arguments.of("replication.factr", "1", "did you mean replication.factor?"),
                Arguments.of(
                        "A->B.sync.topic.config.enabled", "false", "did you mean A->B.sync.topic.configs.enabled?"),
                Arguments.of("A.consumer.max.poll.record", "10", "did you mean A.consumer.max.poll.records?"),
                Arguments.of("groups.exlude", "x", "did you mean groups.exclude?"),
                Arguments.of(
                        "emit.checkpoint.interval.seconds", "5", "did you mean emit.checkpoints.interval.seconds?"));
    }

    @ParameterizedTest
    @MethodSource("nearMisses")
    void shouldRefuseANearMissNamingTheKeyItProbablyMeant(String key, String value, String expected) {
        Map<String, String> settings = good();
        settings.put(key, value);
        InvalidConfigException e =
                assertThrows(InvalidConfigException.class, () -> DriverConfig.of("mm2.properties", settings, Set.of()));
        assertTrue(e.getMessage().contains(key + ": not a known setting; " + expected), e.getMessage());
    }

    static Stream<Arguments> merelyUnknown() {
        return Stream.of(
                Arguments.of(
                        "my.team.owner",
                        "payments",
                        "not a setting Tandem or MirrorMaker 2 reads; passed on unchanged"),
                Arguments.of("C.bootstrap.servers", "h:1", "'C' is not one of the clusters [A, B]"),
                Arguments.of("A->B.completely.different.thing", "1", "passed on unchanged"));
    }

    @ParameterizedTest
    @MethodSource("merelyUnknown")
    void shouldWarnAboutAKeyThatIsMerelyUnknown(String key, String value, String expected) {
        Map<String, String> settings = good();
        settings.put(key, value);
        DriverConfig config = DriverConfig.of("mm2.properties", settings, Set.of());
        assertEquals(1, config.ignoredKeys().size(), config.ignoredKeys().toString());
        ConfigProblem warning = config.ignoredKeys().get(0);
        assertEquals(key, warning.key());
        assertTrue(warning.message().contains(expected), warning.message());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "A->B.topics",
                "A->B.tasks.max",
                "A.consumer.max.poll.records",
                "A->B.source.consumer.fetch.min.bytes",
                "A->B.producer.override.linger.ms",
                "B.offset.storage.replication.factor",
                "config.providers.file.class",
                "A->B.transforms.drop.type",
                "offset.flush.interval.ms",
                "A.security.protocol",
                "exactly.once.source.support",
                "replication.policy.separator",
                "A->B.emit.heartbeats.enabled",
                "metrics.partition.label.enabled"
            })
    void shouldAcceptEveryKnownKeyQuietly(String key) {
        Map<String, String> settings = good();
        settings.put(key, key.endsWith("enabled") ? "true" : key.endsWith(".class") ? "x.Y" : "1");
        settings.put("A->B.transforms", "drop");
        settings.put("config.providers", "file");
        UnknownKeys.Found found = UnknownKeys.in(new MirrorMakerConfig("mm2.properties", settings));
        assertEquals(List.of(), found.nearMisses());
        assertEquals(List.of(), found.unknown());
    }

    @ParameterizedTest
    @ValueSource(strings = {"active-active.properties", "active-passive.properties", "local-demo.properties"})
    void shouldFindNothingUnknownInTheShippedExamples(String file) throws IOException {
        Path path = Path.of("..", "configs", file);
        Map<String, String> settings = ConfigFileReader.read(path);
        UnknownKeys.Found found = UnknownKeys.in(new MirrorMakerConfig(file, settings));
        assertEquals(List.of(), found.nearMisses(), file);
        assertEquals(List.of(), found.unknown(), file);
        assertTrue(Files.exists(path));
    }
}
