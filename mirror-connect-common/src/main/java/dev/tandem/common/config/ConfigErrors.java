package dev.tandem.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/** Collects every problem of a configuration before failing, so a user fixes them all in one go. */
public final class ConfigErrors {

    private ConfigErrors() {}

    /** Validates {@code props} against {@code def} and the cross-key {@code checks}; one ConfigValue per key. */
    public static Map<String, ConfigValue> validate(ConfigDef def, Map<String, String> props, CrossKeyCheck... checks) {
        Map<String, ConfigValue> values = def.validateAll(props);
        boolean singleKeysValid =
                values.values().stream().allMatch(v -> v.errorMessages().isEmpty());
        if (singleKeysValid) {
            for (CrossKeyCheck check : checks) {
                check.check(props, values);
            }
        }
        return values;
    }

    /** Throws one {@link ConfigException} listing every key with an error, or returns when there is none. */
    public static void throwIfAny(String what, Map<String, ConfigValue> values) {
        List<String> problems = new ArrayList<>();
        for (ConfigValue value : values.values()) {
            for (String message : value.errorMessages()) {
                problems.add(value.name() + ": " + message);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid " + what + " configuration, " + problems.size() + " problem(s):\n  "
                    + problems.stream().sorted().collect(Collectors.joining("\n  ")));
        }
    }

    /** Adds {@code message} to {@code key}, creating its entry if the key is not declared. */
    public static void addError(Map<String, ConfigValue> values, String key, String message) {
        values.computeIfAbsent(key, ConfigValue::new).addErrorMessage(message);
    }

    /** A rule that relates several keys, run after each key passed its own validator. */
    @FunctionalInterface
    public interface CrossKeyCheck {
        void check(Map<String, String> props, Map<String, ConfigValue> values);
    }
}
