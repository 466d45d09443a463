package dev.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClusterAliasValidatorTest {

    private final ClusterAliasValidator validator = new ClusterAliasValidator();

    @Test
    void shouldAcceptUsualAliases() {
        for (String alias : new String[] {"A", "us-west", "dc_1", "primary2"}) {
            assertDoesNotThrow(() -> validator.ensureValid("source.cluster.alias", alias));
        }
    }

    @Test
    void shouldRefuseAliasesThatBreakTopicNamesNamingTheKey() {
        for (String alias : new String[] {"", "us.west", "a b", "x/y", "a".repeat(101)}) {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> validator.ensureValid("target.cluster.alias", alias));
            assertTrue(e.getMessage().contains("target.cluster.alias"), e.getMessage());
        }
    }
}
