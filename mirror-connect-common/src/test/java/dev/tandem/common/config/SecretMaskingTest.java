package dev.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretMaskingTest {

    @Test
    void shouldHideCredentialsAndKeepTheRest() {
        Map<String, String> masked = SecretMasking.masked(Map.of(
                "source.cluster.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required password=\"s3cret\";",
                "target.cluster.ssl.keystore.password", "kspw",
                "target.cluster.ssl.key.password", "keypw",
                "source.cluster.ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
                "source.cluster.bootstrap.servers", "127.0.0.1:9092",
                "topics", "orders"));
        assertEquals(SecretMasking.HIDDEN, masked.get("source.cluster.sasl.jaas.config"));
        assertEquals(SecretMasking.HIDDEN, masked.get("target.cluster.ssl.keystore.password"));
        assertEquals(SecretMasking.HIDDEN, masked.get("target.cluster.ssl.key.password"));
        assertEquals(SecretMasking.HIDDEN, masked.get("source.cluster.ssl.keystore.key"));
        assertEquals("127.0.0.1:9092", masked.get("source.cluster.bootstrap.servers"));
        assertEquals("orders", masked.get("topics"));
        assertFalse(masked.toString().contains("s3cret"));
    }

    @Test
    void shouldScrubSecretsAndJaasPasswordsOutOfMessages() {
        Map<String, String> settings = Map.of(
                "B.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"tandem\" password=\"pa55word-B\";",
                "B.ssl.truststore.password", "trust-me-B",
                "B.bootstrap.servers", "127.0.0.1:9092",
                "B.ssl.key.password", "abc");
        String message =
                "Login failed for password=\"pa55word-B\" with truststore trust-me-B at 127.0.0.1:9092 as tandem; abc";

        String scrubbed = SecretMasking.scrub(message, settings);

        assertEquals(
                "Login failed for password=\"[hidden]\" with truststore [hidden] at 127.0.0.1:9092 as tandem; abc",
                scrubbed,
                "secret values and the password inside the JAAS config are hidden; a value under 4 characters is left, as it would hide words");
        assertEquals(null, SecretMasking.scrub(null, settings));
    }
}
