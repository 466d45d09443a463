package dev.tandem.driver.secrets;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

/**
 * The Connect config provider {@value #NAME}: resolves {@code ${tandem:<file key>}} to the secret this driver process
 * read from its own mm2.properties. The driver hands connectors these references instead of inline secrets, so the
 * worker's config topic, its REST answers ({@code GET /connectors/x/config}, {@code /tasks}) and its logs only ever
 * hold the reference; the value lives in this process's memory and reaches the clients when a task starts.
 *
 * <p>Each driver process resolves with its own file, so every process of a cluster must be started with the same
 * secrets, as they must with the same bootstrap servers.
 */
public final class DriverSecretsProvider implements ConfigProvider {

    public static final String NAME = "tandem";

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public ConfigData get(String path) {
        return new ConfigData(DriverSecrets.current());
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> secrets = DriverSecrets.current();
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = secrets.get(key);
            if (value == null) {
                // Another driver process created the connector from a file that has this key; this one's does not.
                throw new ConfigException(
                        "A connector refers to setting '" + key + "' of mm2.properties, but the file this"
                                + " driver process was started with has no such secret. Start every driver process with the same file.");
            }
            found.put(key, value);
        }
        return new ConfigData(found);
    }

    @Override
    public void close() {}
}
