package dev.tandem.driver.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start-up warning for listeners other hosts can reach without a lock. Only the decision is tested here: tests
 * bind to 127.0.0.1 alone, so no driver is started on another address.
 */
class ListenerExposureTest {

    @Test
    void shouldWarnForEveryListenerOnAnotherAddressWithoutAuthentication() {
        List<String> warnings = ListenerExposure.warnIfOpen(
                "0.0.0.0:9464",
                Map.of(
                        "B",
                        Map.of(
                                "listeners",
                                "http://127.0.0.1:8083, http://:8084",
                                "admin.listeners",
                                "https://[::]:8085")),
                false);
        assertEquals(3, warnings.size(), String.join("\n", warnings));
        assertTrue(
                warnings.get(0).startsWith("The driver's /metrics, /health and /status listens on 0.0.0.0:9464"),
                warnings.get(0));
        assertTrue(warnings.get(1).contains("worker for B (listeners) listens on http://:8084"), warnings.get(1));
        assertTrue(warnings.get(1).contains("create, change or delete connectors"), warnings.get(1));
        assertTrue(warnings.get(2).contains("https://[::]:8085"), warnings.get(2));
        warnings.forEach(w -> assertTrue(w.contains("rest.authentication.user"), "says how to fix it: " + w));
    }

    @Test
    void shouldSayNothingForLoopbackListeners() {
        assertEquals(
                List.of(),
                ListenerExposure.warnIfOpen(
                        "127.0.0.1:9464",
                        Map.of("A", Map.of("listeners", "http://localhost:8083,https://[::1]:8443")),
                        false));
    }

    @Test
    void shouldWarnAboutClearTextCredentialsOnPlainHttpOnly() {
        List<String> warnings = ListenerExposure.warnIfOpen(
                "https://0.0.0.0:9464", Map.of("B", Map.of("listeners", "http://0.0.0.0:8083")), true);
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(
                warnings.get(0).contains("clear text") && warnings.get(0).contains("http://0.0.0.0:8083"),
                warnings.get(0));
    }
}
