package dev.tandem.driver.config;

import dev.tandem.common.config.SecretMasking;
import dev.tandem.driver.secrets.DriverSecrets;
import dev.tandem.driver.secrets.DriverSecretsProvider;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config of one connector of a flow, with the file key each setting came from, so an invalid setting is reported
 * under the key the user wrote ({@code A->B.topics}, not {@code topics}).
 */
public final class ConnectorConfig {

    private final String name;
    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, String> origins = new TreeMap<>();

    ConnectorConfig(String name) {
        this.name = name;
    }

    void put(String key, String value, String origin) {
        values.put(key, value);
        origins.put(key, origin);
    }

    public String name() {
        return name;
    }

    public Map<String, String> values() {
        return values;
    }

    /**
     * The values to hand a Connect worker: every inline secret of the file replaced by a reference that
     * {@link DriverSecretsProvider} resolves in this process, so the worker stores and shows only the reference.
     */
    public Map<String, String> valuesForWorker() {
        Map<String, String> forWorker = new TreeMap<>(values);
        forWorker.replaceAll((key, value) -> SecretMasking.isSecret(key)
                ? DriverSecrets.reference(originOf(key)).orElse(value)
                : value);
        return forWorker;
    }

    /** The file key that set {@code connectorKey}, or a description of where the driver set it. */
    public String originOf(String connectorKey) {
        return origins.getOrDefault(connectorKey, connectorKey);
    }
}
