package dev.tandem.common.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ForwardingAdminsTest {

    /** Built as MM2 builds it: with the admin settings. */
    public static class PlatformAdmin extends ForwardingAdmin {
        public PlatformAdmin(Map<String, Object> configs) {
            super(configs);
        }
    }

    /** No (Map) constructor. */
    public static class NoMapConstructor extends ForwardingAdmin {
        public NoMapConstructor() {
            super(Map.of("bootstrap.servers", "127.0.0.1:1"));
        }
    }

    private static String problem(String className) {
        return assertThrows(
                        ConfigException.class,
                        () -> ForwardingAdmins.validator().ensureValid(ForwardingAdmins.CONFIG, className))
                .getMessage();
    }

    @Test
    void shouldBuildTheUsersClassWithTheAdminSettings() {
        try (Admin admin =
                ForwardingAdmins.create(PlatformAdmin.class.getName(), Map.of("bootstrap.servers", "127.0.0.1:1"))) {
            assertInstanceOf(PlatformAdmin.class, admin);
        }
    }

    @Test
    void shouldAcceptTheDefaultAndNull() {
        assertDoesNotThrow(() -> ForwardingAdmins.validator().ensureValid(ForwardingAdmins.CONFIG, null));
        assertDoesNotThrow(
                () -> ForwardingAdmins.validator().ensureValid(ForwardingAdmins.CONFIG, ForwardingAdmins.DEFAULT));
    }

    @Test
    void shouldNameWhatIsWrongWithTheClass() {
        String missing = problem("com.example.Missing");
        assertTrue(
                missing.contains("forwarding.admin.class")
                        && missing.contains("no such class")
                        && missing.contains("plugin path"),
                missing);
        String notAdmin = problem("java.lang.String");
        assertTrue(notAdmin.contains("not a subclass of " + ForwardingAdmins.DEFAULT), notAdmin);
        String noConstructor = problem(NoMapConstructor.class.getName());
        assertTrue(noConstructor.contains("constructor taking the admin settings"), noConstructor);
    }
}
