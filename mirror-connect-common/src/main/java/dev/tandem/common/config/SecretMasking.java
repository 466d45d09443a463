package dev.tandem.common.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides secrets (passwords, JAAS configs, keys) before settings reach a log line or a message. */
public final class SecretMasking {

    public static final String HIDDEN = "[hidden]";
    private static final int MIN_SCRUBBED_LENGTH = 4;
    /** {@code password="x"}, {@code clientSecret='x'} and the like inside a JAAS config. */
    private static final Pattern JAAS_SECRET =
            Pattern.compile("(?i)\\b([a-z.]*(?:password|secret|token)[a-z.]*)\\s*=\\s*[\"']([^\"']*)[\"']");

    private SecretMasking() {}

    /** True for settings that carry credentials: {@code *.password}, {@code *jaas.config}, secrets, tokens, keys. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith("password")
                || k.contains("jaas.config")
                || k.contains("secret")
                || k.contains("token")
                || k.endsWith(".key")
                || k.contains("credentials")
                || k.endsWith("keystore.key")
                || k.contains("private");
    }

    /**
     * {@code text} with every secret value of {@code settings} replaced by {@value #HIDDEN}, and the passwords inside
     * JAAS configs too: a last guard for messages built from exceptions, whose text no one here controls.
     */
    public static String scrub(String text, Map<String, ?> settings) {
        if (text == null) {
            return null;
        }
        String scrubbed = text;
        for (Map.Entry<String, ?> setting : settings.entrySet()) {
            if (!isSecret(setting.getKey()) || setting.getValue() == null) {
                continue;
            }
            String value = String.valueOf(setting.getValue());
            Matcher inner = JAAS_SECRET.matcher(value);
            while (inner.find()) {
                scrubbed = hide(scrubbed, inner.group(2));
            }
            scrubbed = hide(scrubbed, value);
        }
        return scrubbed;
    }

    private static String hide(String text, String secret) {
        // Very short values would hide ordinary words; no real credential is that short.
        return secret.length() < MIN_SCRUBBED_LENGTH ? text : text.replace(secret, HIDDEN);
    }

    /** The settings, sorted, with every secret's value replaced by {@value #HIDDEN}. */
    public static Map<String, String> masked(Map<String, ?> settings) {
        Map<String, String> masked = new TreeMap<>();
        settings.forEach((key, value) -> masked.put(key, isSecret(key) ? HIDDEN : String.valueOf(value)));
        return masked;
    }
}
