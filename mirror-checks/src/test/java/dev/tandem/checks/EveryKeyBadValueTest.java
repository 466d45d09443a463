package dev.tandem.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.checkpoint.MirrorCheckpointConnector;
import dev.tandem.driver.cli.ConnectMirrorMaker;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.DriverSettings;
import dev.tandem.driver.config.InvalidConfigException;
import dev.tandem.heartbeat.MirrorHeartbeatConnector;
import dev.tandem.source.MirrorSourceConnector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every key of every ConfigDef (the three connectors' and the driver's) fed values a user gets wrong: a value of the
 * wrong type, an empty one, and for numbers a negative one and one just past the valid range. Each must be refused
 * with an error on that key, or accepted, and never crash: {@code Connector.validate}, which Connect's validate
 * endpoint calls, returns errors instead of throwing (a throw is Connect's 500), and the driver exits 2 naming the key,
 * without a stack trace. Generated from the ConfigDefs, so a key added later is covered without a line here.
 */
class EveryKeyBadValueTest {

    /** Keys the driver sets itself from {@code clusters} and {@code <alias>.bootstrap.servers}. */
    private static final Set<String> SET_BY_DRIVER = Set.of(
            "source.cluster.alias",
            "target.cluster.alias",
            "source.cluster.bootstrap.servers",
            "target.cluster.bootstrap.servers");

    private static final String FILE = """
            clusters = A, B
            A.bootstrap.servers = 127.0.0.1:1
            B.bootstrap.servers = 127.0.0.1:2
            A->B.enabled = true
            """;

    private static final Pattern RANGE = Pattern.compile("\\[(-?\\d+|\\.\\.\\.),\\.\\.\\.(?:,(-?\\d+))?]");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> connectorsRefuseBadValuesWithoutCrashing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Connector connector :
                List.of(new MirrorSourceConnector(), new MirrorCheckpointConnector(), new MirrorHeartbeatConnector())) {
            String kind = connector.getClass().getSimpleName();
            for (ConfigKey key : connector.config().configKeys().values()) {
                for (String value : badValues(key)) {
                    tests.add(DynamicTest.dynamicTest(
                            kind + ": " + key.name + " = '" + value + "'",
                            () -> checkConnector(connector, key, value)));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> driverRefusesBadDriverKeysWithoutCrashing() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConfigKey key : DriverSettings.CONFIG_DEF.configKeys().values()) {
            if (key.name.equals(DriverSettings.CLUSTERS)) {
                continue; // its own parser, covered by BadConfigTest
            }
            for (String value : badValues(key)) {
                tests.add(DynamicTest.dynamicTest(
                        "driver: " + key.name + " = '" + value + "'",
                        () -> checkDriver(key.name, value, wrongType(key, value))));
            }
        }
        return tests.stream();
    }

    private void checkConnector(Connector connector, ConfigKey key, String value) throws IOException {
        Map<String, String> props = new HashMap<>(Map.of(
                "name", "A->B",
                "connector.class", connector.getClass().getName(),
                "source.cluster.alias", "A",
                "target.cluster.alias", "B",
                "source.cluster.bootstrap.servers", "127.0.0.1:1",
                "target.cluster.bootstrap.servers", "127.0.0.1:2"));
        props.put(key.name, value);
        List<ConfigValue> values;
        try {
            values = connector.validate(props).configValues();
        } catch (RuntimeException crash) {
            throw new AssertionError("validate threw instead of reporting an error on " + key.name, crash);
        }
        List<String> errors = values.stream()
                .filter(v -> v.name().equals(key.name))
                .flatMap(v -> v.errorMessages().stream())
                .toList();
        if (wrongType(key, value)) {
            assertFalse(errors.isEmpty(), "a " + key.type + " cannot be '" + value + "': no error on " + key.name);
        }
        if (!errors.isEmpty() && !SET_BY_DRIVER.contains(key.name)) {
            checkDriver(key.name, value, true);
        }
    }

    /** The key at the top of mm2.properties, which applies to every flow's connectors. */
    private void checkDriver(String key, String value, boolean mustRefuse) throws IOException {
        Path file = dir.resolve("mm2.properties");
        Files.writeString(file, FILE + key + " = " + value + "\n");
        boolean refused;
        try {
            DriverConfig.load(file, Set.of()); // validation only: nothing starts
            refused = false;
        } catch (InvalidConfigException expected) {
            refused = true;
        } catch (RuntimeException crash) {
            throw new AssertionError("the driver crashed on " + key + " = '" + value + "'", crash);
        }
        if (mustRefuse) {
            assertTrue(refused, "the driver accepted " + key + " = '" + value + "'");
        }
        if (!refused) {
            return; // a valid value: running the driver would start it
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ConnectMirrorMaker.run(
                new String[] {file.toString()},
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals(ConnectMirrorMaker.INVALID, code, message);
        assertTrue(message.contains(key + ":"), "the key is named: " + message);
        assertFalse(message.contains("\tat ") || message.contains("Exception"), "no stack trace: " + message);
    }

    /** A wrong-type value, an empty one, and for numbers a negative one and one just past the valid range. */
    private static Set<String> badValues(ConfigKey key) {
        Set<String> values = new LinkedHashSet<>();
        values.add("");
        switch (key.type) {
            case BOOLEAN -> values.add("maybe");
            case SHORT, INT, LONG, DOUBLE -> {
                values.add("abc");
                values.add("-5");
                pastRange(key).ifPresent(values::add);
            }
            case CLASS -> values.add("com.example.NoSuchClass");
            case STRING -> values.add("no-such-value-" + key.name);
            case LIST -> values.add("(");
            default -> {}
        }
        return values;
    }

    /** Just below the minimum or just above the maximum of a {@code ConfigDef.Range}, as its description gives them. */
    private static Optional<String> pastRange(ConfigKey key) {
        if (key.validator == null) {
            return Optional.empty();
        }
        Matcher range = RANGE.matcher(key.validator.toString());
        if (!range.find()) {
            return Optional.empty();
        }
        if (range.group(2) != null) {
            return Optional.of(Long.toString(Long.parseLong(range.group(2)) + 1));
        }
        if (!range.group(1).equals("...")) {
            return Optional.of(Long.toString(Long.parseLong(range.group(1)) - 1));
        }
        return Optional.empty();
    }

    /** A value the key's type cannot parse: always an error, whatever its validator says. */
    private static boolean wrongType(ConfigKey key, String value) {
        try {
            ConfigDef.parseType(key.name, value, key.type);
            return false;
        } catch (RuntimeException expected) {
            return true;
        }
    }

    /** pastRange reads a Range's bounds from its description; if Kafka changed that, it would silently find none. */
    @Test
    void rangeDescriptionsAreUnderstood() {
        assertEquals(
                Optional.of("0"),
                pastRange(new ConfigDef()
                        .define("k", ConfigDef.Type.INT, 1, ConfigDef.Range.atLeast(1), ConfigDef.Importance.LOW, "d")
                        .configKeys()
                        .get("k")));
        assertEquals(
                Optional.of("11"),
                pastRange(new ConfigDef()
                        .define(
                                "k",
                                ConfigDef.Type.INT,
                                1,
                                ConfigDef.Range.between(0, 10),
                                ConfigDef.Importance.LOW,
                                "d")
                        .configKeys()
                        .get("k")));
    }
}
