package dev.tandem.driver.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the REST guard counts as a reference to the driver's secrets. */
class DriverReferencesTest {

    private static boolean inJson(String json) {
        return DriverReferences.inJson(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldFindAReferenceAnywhereInAConfigHoweverItIsWritten() {
        assertTrue(inJson("{\"config\": {\"a\": \"${tandem:A.sasl.jaas.config}\"}}"));
        assertTrue(inJson("{\"a\": \"x ${ tandem :B.ssl.key.password} y\"}"), "spaces around the provider");
        assertTrue(inJson("{\"a\": \"\\u0024{tandem:A.sasl.jaas.config}\"}"), "a JSON escape of the dollar");
        assertTrue(inJson("{\"${tandem:k}\": \"v\"}"), "in a name");
        assertTrue(inJson("{\"list\": [\"a\", \"${tandem:k}\"]}"), "in an array");
    }

    @Test
    void shouldLeaveOtherProvidersAndNonJsonAlone() {
        assertFalse(inJson("{\"a\": \"${file:/etc/secrets.properties:jaas}\", \"b\": \"tandem:x\"}"));
        assertFalse(inJson("not json ${tandem:k"), "Connect refuses it itself");
        assertFalse(DriverReferences.in(null));
    }
}
