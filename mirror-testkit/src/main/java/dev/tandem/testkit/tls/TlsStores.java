package dev.tandem.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for 127.0.0.1 and localhost made with the JDK's {@code keytool}: a PKCS12 keystore with
 * its key, a PKCS12 truststore holding the certificate, and the certificate in PEM (what Prometheus's {@code
 * ca_file} takes). Passwords are random per run, with a readable prefix, so a test can search any output for them.
 */
public record TlsStores(
        Path keystore, Path truststore, Path certificatePem, String keystorePassword, String truststorePassword) {

    public static final String STORE_TYPE = "PKCS12";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Makes {@code <name>.p12}, {@code <name>-truststore.p12} and {@code <name>.crt} in {@code dir}. */
    public static TlsStores generate(String name, Path dir) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve(name + ".p12").toAbsolutePath();
            Path certificate = dir.resolve(name + ".crt").toAbsolutePath();
            Path truststore = dir.resolve(name + "-truststore.p12").toAbsolutePath();
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(truststore);
            String keystorePassword = randomSecret(name + "-keystore");
            String truststorePassword = randomSecret(name + "-truststore");
            keytool(
                    keystorePassword,
                    "-genkeypair",
                    "-alias",
                    name,
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
                    name,
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
                    name,
                    "-file",
                    certificate.toString(),
                    "-keystore",
                    truststore.toString(),
                    "-storetype",
                    STORE_TYPE,
                    "-storepass:env",
                    "STOREPASS");
            return new TlsStores(keystore, truststore, certificate, keystorePassword, truststorePassword);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the TLS stores " + name + " in " + dir, e);
        }
    }

    /** A client context that trusts this certificate (and nothing else). */
    public SSLContext clientContext() {
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore store = KeyStore.getInstance(STORE_TYPE);
            store.load(in, truststorePassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot read the truststore " + truststore, e);
        }
    }

    /** Hex after a readable prefix: a test failure can say which secret leaked without printing it whole. */
    public static String randomSecret(String what) {
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
}
