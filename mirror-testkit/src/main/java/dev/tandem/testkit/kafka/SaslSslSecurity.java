package dev.tandem.testkit.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    private static final String STORE_TYPE = "PKCS12";
    private static final SecureRandom RANDOM = new SecureRandom();

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
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve(clusterName + "-broker.p12").toAbsolutePath();
            Path certificate = dir.resolve(clusterName + "-broker.crt").toAbsolutePath();
            Path truststore = dir.resolve(clusterName + "-truststore.p12").toAbsolutePath();
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(truststore);
            String keystorePassword = randomSecret(clusterName + "-keystore");
            String truststorePassword = randomSecret(clusterName + "-truststore");
            keytool(
                    keystorePassword,
                    "-genkeypair",
                    "-alias",
                    "broker",
                    "-keyalg",
                    "RSA",
                    "-keysize",
                    "2048",
                    "-validity",
                    "7",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=IP:127.0.0.1,DNS:localhost",
                    "-keystore",
                    keystore.toString(),
                    "-storetype",
                    STORE_TYPE,
                    "-storepass:env",
                    "STOREPASS",
                    "-keypass:env",
                    "STOREPASS");
            keytool(
                    keystorePassword,
                    "-exportcert",
                    "-alias",
                    "broker",
                    "-rfc",
                    "-file",
                    certificate.toString(),
                    "-keystore",
                    keystore.toString(),
                    "-storetype",
                    STORE_TYPE,
                    "-storepass:env",
                    "STOREPASS");
            keytool(
                    truststorePassword,
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "broker",
                    "-file",
                    certificate.toString(),
                    "-keystore",
                    truststore.toString(),
                    "-storetype",
                    STORE_TYPE,
                    "-storepass:env",
                    "STOREPASS");
            Map<String, String> passwords = new LinkedHashMap<>();
            passwords.put(ADMIN, randomSecret(clusterName + "-" + ADMIN));
            for (String user : users) {
                passwords.put(user, randomSecret(clusterName + "-" + user));
            }
            return new SaslSslSecurity(keystore, truststore, keystorePassword, truststorePassword, passwords);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the TLS stores of cluster " + clusterName + " in " + dir, e);
        }
    }

    /** Hex after a readable prefix: a test failure can say which secret leaked without printing it whole. */
    private static String randomSecret(String what) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return what + "-pw-" + HexFormat.of().formatHex(bytes);
    }

    private static void keytool(String storePassword, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("STOREPASS", storePassword); // not on the command line, where ps shows it
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool", e);
        }
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
