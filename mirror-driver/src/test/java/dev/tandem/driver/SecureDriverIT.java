package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.prometheus.PrometheusServer;
import dev.tandem.testkit.records.SteadyLoad;
import dev.tandem.testkit.records.TopicCopyAudit;
import dev.tandem.testkit.tls.TlsStores;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * Two driver processes deployed as across hosts: the workers' REST APIs and the driver's {@code /metrics},
 * {@code /health} and {@code /status} on https with a certificate made here, basic authentication on all of them. The
 * processes share the work and fail over as without the locks; a request without credentials, with wrong ones, or over
 * plain http is refused; a real Prometheus scrapes with {@code basic_auth} and {@code tls_config}.
 */
class SecureDriverIT {

    private static final String TOPIC = "secure";
    private static final String SOURCE = "A->B.source";
    private static final String OPERATOR = "operator";

    @Test
    void shouldReplicateAndFailOverBehindTlsAndBasicAuthentication() throws Exception {
        Path work = WorkDirs.fresh("SecureDriverIT");
        TlsStores tls = TlsStores.generate("driver", work.resolve("tls"));
        String password = TlsStores.randomSecret(OPERATOR);
        // A client secret of A (unused by its PLAINTEXT listener): the connectors get it as ${tandem:...}, so the
        // second process's connector configs, forwarded to the leader through the REST API, carry references.
        String clientSecret = TlsStores.randomSecret("A-client");
        String credentials = basic(OPERATOR, password);
        SSLContext trust = tls.clientContext();
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, 4);
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = " + TOPIC,
                    "tasks.max = 4",
                    "listeners = https://127.0.0.1:0",
                    "listeners.https.ssl.keystore.type = PKCS12",
                    "listeners.https.ssl.keystore.location = " + tls.keystore(),
                    "listeners.https.ssl.keystore.password = " + tls.keystorePassword(),
                    "listeners.https.ssl.key.password = " + tls.keystorePassword(),
                    "listeners.https.ssl.truststore.type = PKCS12",
                    "listeners.https.ssl.truststore.location = " + tls.truststore(),
                    "listeners.https.ssl.truststore.password = " + tls.truststorePassword(),
                    "http.listener = https://127.0.0.1:0",
                    "rest.authentication.user = " + OPERATOR,
                    "rest.authentication.password = " + password,
                    "A.ssl.key.password = " + clientSecret);
            try (DriverProcess first = DriverProcess.start(config, work.resolve("first.log"));
                    DriverProcess second = DriverProcess.start(config, work.resolve("second.log"))) {
                first.awaitStarted(Duration.ofSeconds(120), "A", "B");
                second.awaitStarted(Duration.ofSeconds(120), "A", "B");
                URI firstWorker = first.workerUrl("B");
                assertEquals("https", firstWorker.getScheme(), "the worker's REST API is on https");
                ConnectRestClient rest = new ConnectRestClient(second.workerUrl("B"), trust, credentials);
                try (SteadyLoad load = SteadyLoad.start(clusters.onA, TOPIC, 4, 1_000)) {
                    List<String> spread = Await.value(
                            "the source tasks spread over both processes",
                            Duration.ofSeconds(120),
                            () -> rest.runningTaskWorkers(SOURCE),
                            on -> on.size() == 4 && new HashSet<>(on).size() == 2);
                    System.out.printf("Tasks of %s ran on %s%n", SOURCE, spread);

                    assertLocked("worker REST API", firstWorker.resolve("/connectors"), trust, credentials, "[");
                    URI metrics = URI.create(first.httpBase() + "metrics");
                    assertEquals("https", metrics.getScheme(), "/metrics is on https");
                    assertLocked("/metrics", metrics, trust, credentials, "tandem_");
                    assertLocked("/status", URI.create(first.httpBase() + "status"), trust, credentials, "flows");
                    scrapedByPrometheus(work, metrics, tls, password);

                    first.kill();
                    Await.value(
                            "all tasks RUNNING on the surviving process",
                            Duration.ofSeconds(120),
                            () -> rest.runningTaskWorkers(SOURCE),
                            on -> on.size() == 4 && new HashSet<>(on).size() == 1);
                }
                TopicCopyAudit audit = Await.value(
                        "every record of A is on B",
                        Duration.ofSeconds(120),
                        () -> TopicCopyAudit.of(clusters.onA, TOPIC, clusters.onB, "A." + TOPIC),
                        a -> a.lost() == 0);
                System.out.printf("After the SIGKILL behind TLS and authentication: %s%n", audit);
                assertEquals(List.of(), audit.problems(), audit.toString());
                String output = first.output() + second.output();
                assertFalse(output.contains(password), "the operator's password is never printed");
                assertFalse(output.contains(clientSecret), "nor A's client secret");
                assertTrue(
                        rest.call("GET", "/connectors/" + ConnectRestClient.encode(SOURCE) + "/config", null, 200)
                                .toString()
                                .contains("${tandem:A.ssl.key.password}"),
                        "the connectors hold a reference to A's secret");
                assertFalse(output.contains("without authentication"), "no warning: loopback and authenticated");
                int code = second.terminate();
                assertTrue(code == 0 || code == 143, "a clean stop on SIGTERM, exit code " + code);
            }
        }
    }

    /**
     * A worker REST listener on another host's address, without authentication: the driver warns before it starts the
     * worker. The address (192.0.2.1, TEST-NET-1) is on no interface here, so nothing is ever exposed: the worker then
     * fails to bind it and the driver stops, naming the worker.
     */
    @Test
    void shouldWarnAboutAnUnauthenticatedListenerOnAnotherAddress() throws Exception {
        Path work = WorkDirs.fresh("SecureDriverIT-warning");
        try (TwoClusters clusters = TwoClusters.start()) {
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"), clusters, "listeners = http://192.0.2.1:0", "B->A.enabled = false");
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                int exit = Await.value(
                        "the driver stops: the worker cannot bind 192.0.2.1",
                        Duration.ofSeconds(120),
                        () -> driver.isAlive() ? null : driver.exitCode(),
                        code -> code != null);
                String output = driver.output();
                assertTrue(exit != 0, output);
                assertTrue(
                        output.contains("WARN")
                                && output.contains("The REST API of the worker for B (listeners) listens on"
                                        + " http://192.0.2.1:0, which other hosts can reach, without authentication"),
                        output);
                assertTrue(output.contains("rest.authentication.user"), "the warning says how to fix it: " + output);
                assertTrue(
                        output.contains("The REST API of the worker for")
                                && output.contains("cannot listen on http://192.0.2.1:0"),
                        "the bind failure names the listener: " + output);
                assertFalse(
                        output.contains("/metrics, /health and /status listens on"),
                        "no warning for the loopback /metrics listener: " + output);
            }
        }
    }

    /**
     * {@code url} answers 200 (with {@code expected} in the body) to the operator's credentials over https, 401 (with a
     * challenge) without credentials or with a wrong password, and nothing over plain http.
     */
    private static void assertLocked(String what, URI url, SSLContext trust, String credentials, String expected)
            throws Exception {
        HttpClient https = HttpClient.newBuilder()
                .sslContext(trust)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> allowed = https.send(request(url, Optional.of(credentials)), BODY);
        assertEquals(200, allowed.statusCode(), what + " with the operator's credentials: " + allowed.body());
        assertTrue(allowed.body().contains(expected), what + ": " + allowed.body());

        HttpResponse<String> anonymous = https.send(request(url, Optional.empty()), BODY);
        assertEquals(401, anonymous.statusCode(), what + " without credentials: " + anonymous.body());
        assertTrue(
                anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"),
                what + " asks for basic credentials: " + anonymous.headers().map());
        String wrong = basic(OPERATOR, "not-the-password");
        assertEquals(401, https.send(request(url, Optional.of(wrong)), BODY).statusCode(), what + ", wrong password");

        URI plain = URI.create(url.toString().replaceFirst("^https:", "http:"));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> answer = http.send(request(plain, Optional.of(credentials)), BODY);
            assertTrue(
                    answer.statusCode() != 200 && !answer.body().contains(expected),
                    what + " over plain http answered " + answer.statusCode() + ": " + answer.body());
        } catch (IOException refused) {
            // the TLS listener does not speak plain HTTP: the connection fails
        }
    }

    /** A real Prometheus scrapes {@code metrics} with {@code basic_auth} and {@code tls_config}, as the docs show. */
    private static void scrapedByPrometheus(Path work, URI metrics, TlsStores tls, String password) throws Exception {
        String job = "    scheme: https\n"
                + "    basic_auth:\n"
                + "      username: " + OPERATOR + "\n"
                + "      password: " + password + "\n"
                + "    tls_config:\n"
                + "      ca_file: " + tls.certificatePem() + "\n";
        String target = metrics.getHost() + ":" + metrics.getPort();
        try (PrometheusServer prometheus =
                PrometheusServer.start(work.resolve("prometheus"), "tandem", target, List.of(), job)) {
            List<JsonNode> reachable = Await.value(
                    "Prometheus scraped the driver over https with credentials",
                    Duration.ofSeconds(60),
                    () -> prometheus.query("tandem_cluster_reachable{job=\"tandem\"}"),
                    series -> series.size() == 2);
            System.out.printf("Scraped over https: %s%n", reachable);
            JsonNode targets = prometheus.targets().path("data").path("activeTargets");
            assertEquals("up", targets.path(0).path("health").asText(), targets.toString());
        }
    }

    private static HttpRequest request(URI url, Optional<String> authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10));
        authorization.ifPresent(a -> request.header("Authorization", a));
        return request.build();
    }

    private static final HttpResponse.BodyHandler<String> BODY = HttpResponse.BodyHandlers.ofString();

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
