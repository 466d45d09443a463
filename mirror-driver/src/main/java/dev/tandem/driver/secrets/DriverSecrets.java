package dev.tandem.driver.secrets;

import dev.tandem.common.config.SecretMasking;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets of the config file the running driver read, by file key, for {@link DriverSecretsProvider}, which the
 * Connect worker instantiates itself and so cannot be handed them. One driver runs per JVM; a later start replaces
 * the secrets of an earlier one.
 */
public final class DriverSecrets {

    private static volatile Map<String, String> current = Map.of();
    /** The file keys handed to connectors as references: the only ones the provider resolves. */
    private static final Set<String> handedOut = ConcurrentHashMap.newKeySet();

    private DriverSecrets() {}

    /** Keeps every setting of {@code fileSettings} that {@link SecretMasking#isSecret} names a secret. */
    public static void install(Map<String, String> fileSettings) {
        Map<String, String> secrets = new TreeMap<>();
        fileSettings.forEach((key, value) -> {
            if (SecretMasking.isSecret(key) && value != null) {
                secrets.put(key, value);
            }
        });
        current = Map.copyOf(secrets);
        handedOut.clear();
    }

    /** The secret of {@code fileKey} when a connector of this driver was handed a reference to it, else empty. */
    static Optional<String> handedOut(String fileKey) {
        return handedOut.contains(fileKey) ? Optional.ofNullable(current.get(fileKey)) : Optional.empty();
    }

    /** {@code ${tandem:<fileKey>}} when {@code fileKey} holds an inline secret of the file, else empty. */
    public static Optional<String> reference(String fileKey) {
        String value = current.get(fileKey);
        if (value == null || value.contains("${")) {
            return Optional.empty(); // not a secret of the file, or already a reference to another provider
        }
        handedOut.add(fileKey);
        return Optional.of("${" + DriverSecretsProvider.NAME + ":" + fileKey + "}");
    }
}
