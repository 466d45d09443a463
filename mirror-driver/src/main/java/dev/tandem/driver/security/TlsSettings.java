package dev.tandem.driver.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS key and trust of this host's https listeners, from Connect's own keys ({@code listeners.https.ssl.*}): the
 * workers' REST listeners read them themselves; the driver's {@code /metrics} listener serves the same key, and the
 * driver's and the {@code status} command's HTTP clients trust what the truststore holds.
 */
public final class TlsSettings {

    public static final String PREFIX = "listeners.https.ssl.";
    public static final String KEYSTORE_LOCATION = PREFIX + "keystore.location";
    public static final String KEYSTORE_PASSWORD = PREFIX + "keystore.password";
    public static final String KEYSTORE_TYPE = PREFIX + "keystore.type";
    public static final String KEY_PASSWORD = PREFIX + "key.password";
    public static final String TRUSTSTORE_LOCATION = PREFIX + "truststore.location";
    public static final String TRUSTSTORE_PASSWORD = PREFIX + "truststore.password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "truststore.type";

    private final Map<String, String> settings;

    private TlsSettings(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    /** The {@code listeners.https.ssl.*} keys of a config file's settings. */
    public static TlsSettings of(Map<String, String> fileSettings) {
        return new TlsSettings(Map.copyOf(fileSettings.entrySet().stream()
                .filter(e -> e.getKey().startsWith(PREFIX) && e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().trim()))));
    }

    /** A server context with the host's key; fails with the key's name when the keystore cannot be read. */
    public SSLContext serverContext() {
        String location = settings.get(KEYSTORE_LOCATION);
        if (location == null) {
            throw new IllegalStateException("An https listener needs '" + KEYSTORE_LOCATION + "'");
        }
        try {
            char[] storePassword = password(KEYSTORE_PASSWORD);
            KeyStore store = load(location, settings.getOrDefault(KEYSTORE_TYPE, "PKCS12"), storePassword);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            char[] keyPassword = settings.containsKey(KEY_PASSWORD) ? password(KEY_PASSWORD) : storePassword;
            keys.init(store, keyPassword);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // The exception's text names the file, never a password.
            throw new IllegalStateException(
                    "Cannot use the keystore of '" + KEYSTORE_LOCATION + "' (" + location + "): " + e.getMessage()
                            + ". Check the file and '" + KEYSTORE_PASSWORD + "'.",
                    e);
        }
    }

    /** A client context trusting the truststore of {@link #TRUSTSTORE_LOCATION}, else the JDK's default CAs. */
    public SSLContext clientContext() {
        Optional<String> location = Optional.ofNullable(settings.get(TRUSTSTORE_LOCATION));
        try {
            if (location.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = load(
                    location.get(), settings.getOrDefault(TRUSTSTORE_TYPE, "PKCS12"), password(TRUSTSTORE_PASSWORD));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "Cannot use the truststore of '" + TRUSTSTORE_LOCATION + "' ("
                            + location.orElse("") + "): " + e.getMessage() + ". Check the file and '"
                            + TRUSTSTORE_PASSWORD + "'.",
                    e);
        }
    }

    private char[] password(String key) {
        String value = settings.get(key);
        return value == null ? null : value.toCharArray();
    }

    /** JKS and PKCS12 files both load through either type on Java 9 and later. */
    private static KeyStore load(String location, String type, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password);
        }
        return store;
    }
}
