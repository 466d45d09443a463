package dev.tandem.testkit.kafka;

import dev.tandem.testkit.tls.TlsStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SASL (SCRAM-SHA-512) over TLS for one embedded cluster: a self-signed broker certificate for 127.0.0.1 made with the
 * JDK's {@code keytool}, a truststore holding it, and SCRAM users with random passwords ({@value #ADMIN} for the
 * broker itself and the tests' clients; more users on request, e.g. {@code tandem} for the replicator). Every
 * password is random per run so a test can search any output for it.
 */
public final class SaslSslSecurity {

    public static final String ADMIN = "admin";
    public static final String MECHANISM = "SCRAM-SHA-512";
    public static final String LISTENER = "SASL_SSL";
    private static final String STORE_TYPE = TlsStores.STORE_TYPE;

    private final Path keystore;
    private final Path truststore;
    private final String keystorePassword;
    private final String truststorePassword;
    private final Map<String, String> passwords;

    private SaslSslSecurity(
            Path keystore,
            Path truststore,
            String keystorePassword,
            String truststorePassword,
            Map<String, String> passwords) {
        this.keystore = keystore;
        this.truststore = truststore;
        this.keystorePassword = keystorePassword;
        this.truststorePassword = truststorePassword;
        this.passwords = passwords;
    }

    /** Makes the stores in {@code dir} and a password for {@value #ADMIN} and each of {@code users}. */
    public static SaslSslSecurity generate(String clusterName, Path dir, String... users) {
        TlsStores stores = TlsStores.generate(clusterName + "-broker", dir);
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put(ADMIN, TlsStores.randomSecret(clusterName + "-" + ADMIN));
        for (String user : users) {
            passwords.put(user, TlsStores.randomSecret(clusterName + "-" + user));
        }
        return new SaslSslSecurity(
                stores.keystore(),
                stores.truststore(),
                stores.keystorePassword(),
                stores.truststorePassword(),
                passwords);
    }

    /** Broker settings: the client listener is SASL_SSL, the controller's stays local PLAINTEXT. */
    Map<String, String> brokerSettings(int brokerPort, int controllerPort) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("listeners", LISTENER + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", LISTENER + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", LISTENER + ":SASL_SSL,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", LISTENER);
        props.put("sasl.enabled.mechanisms", MECHANISM);
        props.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        props.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", jaasConfig(ADMIN));
        props.put("ssl.keystore.type", STORE_TYPE);
        props.put("ssl.keystore.location", keystore.toString());
        props.put("ssl.keystore.password", keystorePassword);
        props.put("ssl.key.password", keystorePassword);
        props.put("ssl.truststore.type", STORE_TYPE);
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", truststorePassword);
        props.put("ssl.client.auth", "none");
        return props;
    }

    /** {@code kafka-storage format --add-scram} arguments: the users exist before the broker first starts. */
    List<String> scramArguments() {
        List<String> arguments = new ArrayList<>();
        passwords.forEach(
                (user, password) -> arguments.add(MECHANISM + "=[name=" + user + ",password=" + password + "]"));
        return arguments;
    }

    /** What a client of this cluster needs besides bootstrap servers, as {@code user}. */
    public Map<String, String> clientSettings(String user) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", jaasConfig(user));
        settings.put("ssl.truststore.type", STORE_TYPE);
        settings.put("ssl.truststore.location", truststore.toString());
        settings.put("ssl.truststore.password", truststorePassword);
        return settings;
    }

    public String jaasConfig(String user) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password(user) + "\";";
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No SCRAM user " + user + "; this cluster has " + passwords.keySet());
        }
        return password;
    }

    /** Every secret of this cluster, for tests that check none of them is printed. */
    public Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("keystore password", keystorePassword);
        secrets.put("truststore password", truststorePassword);
        passwords.forEach((user, password) -> {
            secrets.put("password of " + user, password);
            secrets.put("JAAS config of " + user, jaasConfig(user));
        });
        return secrets;
    }
}
