package dev.tandem.driver.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.driver.secrets.DriverSecretsProvider;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;

/** Finds references to the driver's secrets ({@code ${tandem:...}}) in a connector config. */
final class DriverReferences {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** As Connect reads a reference: the provider name may have spaces around it. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\s*" + DriverSecretsProvider.NAME + "\\s*:");

    private DriverReferences() {}

    /** Whether {@code value} (null: no) holds a reference. */
    static boolean in(String value) {
        return value != null && REFERENCE.matcher(value).find();
    }

    /**
     * Whether any name or text value of a JSON document holds a reference; read after JSON decoding, so an escaped
     * {@code \u0024{tandem:} is found too. Not JSON: false, and Connect refuses the request itself.
     */
    static boolean inJson(byte[] body) {
        try {
            return anyText(JSON.readTree(body));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean anyText(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return in(node.asText());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (in(field.getKey()) || anyText(field.getValue())) {
                    return true;
                }
            }
            return false;
        }
        for (JsonNode element : node) {
            if (anyText(element)) {
                return true;
            }
        }
        return false;
    }
}
