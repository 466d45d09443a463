package dev.tandem.client.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Hides secrets (passwords, JAAS configs, keys) before settings reach a log line or a message. */
public final class SecretMasking {

    public static final String HIDDEN = "[hidden]";

    private SecretMasking() {
    }

    /** True for settings that carry credentials: {@code *.password}, {@code *jaas.config}, secrets, tokens, keys. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password") || k.contains("jaas.config") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("credentials") || k.endsWith("keystore.key") || k.contains("private");
    }

    /** The settings, sorted, with every secret's value replaced by {@value #HIDDEN}. */
    public static Map<String, String> masked(Map<String, ?> settings) {
        Map<String, String> masked = new TreeMap<>();
        settings.forEach((key, value) -> masked.put(key, isSecret(key) ? HIDDEN : String.valueOf(value)));
        return masked;
    }
}
