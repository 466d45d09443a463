package dev.tandem.driver.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The driver's secrets provider resolves only what the driver handed to its own connectors. */
class DriverSecretsProviderTest {

    private static final String JAAS = "A.sasl.jaas.config";
    private static final String REST_PASSWORD = "rest.authentication.password";

    private final DriverSecretsProvider provider = new DriverSecretsProvider();

    @AfterEach
    void forget() {
        DriverSecrets.install(Map.of());
    }

    @Test
    void shouldResolveOnlyTheSecretsHandedToTheDriversConnectors() {
        DriverSecrets.install(Map.of(JAAS, "jaas-secret", REST_PASSWORD, "rest-secret", "A.bootstrap.servers", "a:9"));
        assertEquals(Optional.of("${tandem:" + JAAS + "}"), DriverSecrets.reference(JAAS));
        assertEquals(Optional.empty(), DriverSecrets.reference("A.bootstrap.servers"), "not a secret");

        assertEquals(Map.of(JAAS, "jaas-secret"), provider.get("", Set.of(JAAS)).data());
        ConfigException refused = assertThrows(ConfigException.class, () -> provider.get("", Set.of(REST_PASSWORD)));
        assertTrue(refused.getMessage().contains(REST_PASSWORD), "names the key: " + refused.getMessage());
        assertFalse(refused.getMessage().contains("rest-secret"), "never the value: " + refused.getMessage());
        assertEquals(Map.of(), provider.get("").data(), "nothing without a key");
    }

    @Test
    void shouldForgetWhatWasHandedOutWhenTheFileIsReadAgain() {
        DriverSecrets.install(Map.of(JAAS, "old"));
        DriverSecrets.reference(JAAS);
        DriverSecrets.install(Map.of(JAAS, "new"));
        assertThrows(ConfigException.class, () -> provider.get("", Set.of(JAAS)));
    }
}
