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
 * <p>It resolves only the keys the driver itself referred to in its connectors' configs, never another setting of
 * the file (the REST password, a keystore's password); the REST guard refuses connectors made through the REST API
 * that refer to it at all.
 *
 * <p>Each driver process resolves with its own file, so every process of a cluster must be started with the same
 * secrets, as they must with the same bootstrap servers.
 */
public final class DriverSecretsProvider implements ConfigProvider {

    public static final String NAME = "tandem";

    @Override
    public void configure(Map<String, ?> configs) {}

    /** Nothing: a secret is resolved only when asked for by its key. */
    @Override
    public ConfigData get(String path) {
        return new ConfigData(Map.of());
    }

    /**
     * The secrets of {@code keys}, each of which must be one the driver referred to in the config of one of its own
     * connectors (a cluster's client secret): a reference a connector made up itself resolves to nothing.
     */
    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> found = new HashMap<>();
        for (String key : keys) {
            String value = DriverSecrets.handedOut(key)
                    .orElseThrow(() -> new ConfigException("A connector refers to '${" + NAME + ":" + key
                            + "}', which is not a cluster secret this driver"
                            + " process handed to its own connectors: only those resolve. If another driver process"
                            + " deployed it, start every process with the same config file."));
            found.put(key, value);
        }
        return new ConfigData(found);
    }

    @Override
    public void close() {}
}
