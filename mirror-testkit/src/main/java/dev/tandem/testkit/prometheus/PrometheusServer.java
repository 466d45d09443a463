package dev.tandem.testkit.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.kafka.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus server ({@code prometheus} from Debian's package, or {@code -Dtandem.prometheus.home} holding the
 * binary) on 127.0.0.1, scraping one target every second and evaluating the given rule files every second. Tests ask
 * it through its HTTP API, as Grafana and Alertmanager would. Closing it stops the process.
 */
public final class PrometheusServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final String base;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, String base, Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    /**
     * Starts Prometheus in {@code dir} scraping {@code target} (host:port, path {@code /metrics}) as job
     * {@code job}, with the given rule files, and waits until it is ready.
     */
    public static PrometheusServer start(Path dir, String job, String target, List<Path> ruleFiles) throws IOException {
        return start(dir, job, target, ruleFiles, "");
    }

    /**
     * The same, with more settings of the scrape job ({@code scheme: https}, {@code basic_auth}, {@code tls_config}),
     * as YAML lines indented by four spaces.
     */
    public static PrometheusServer start(Path dir, String job, String target, List<Path> ruleFiles, String jobSettings)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder config = new StringBuilder()
                .append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
                .append("rule_files:\n");
        ruleFiles.forEach(r -> config.append("  - ").append(r.toAbsolutePath()).append('\n'));
        config.append("scrape_configs:\n  - job_name: ")
                .append(job)
                .append('\n')
                .append(jobSettings)
                .append("    static_configs:\n      - targets: [\"")
                .append(target)
                .append("\"]\n");
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        int port = FreePorts.next();
        Path log = dir.resolve("prometheus.log");
        Process process = new ProcessBuilder(
                        Binaries.prometheus().toString(),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port + "/", log);
        try {
            Await.until(
                    "Prometheus ready or exited (its log: " + log + ")",
                    Duration.ofSeconds(60),
                    () -> !process.isAlive() || server.ready());
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ": "
                    + String.join(" | ", Files.readAllLines(log)));
        }
        return server;
    }

    private boolean ready() {
        try {
            return get("-/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The result of an instant query now: one node per series, each with {@code metric} and {@code value}. */
    public List<JsonNode> query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> answer = get("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalArgumentException("Prometheus refused " + promql + ": " + answer.body());
        }
        List<JsonNode> series = new ArrayList<>();
        body.path("data").path("result").forEach(series::add);
        return series;
    }

    /** The alerts pending or firing now, each with {@code labels}, {@code annotations} and {@code state}. */
    public List<JsonNode> alerts() throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(get("api/v1/alerts").body());
        List<JsonNode> alerts = new ArrayList<>();
        body.path("data").path("alerts").forEach(alerts::add);
        return alerts;
    }

    /** The state of the targets' last scrapes, as {@code /api/v1/targets} answers it. */
    public JsonNode targets() throws IOException, InterruptedException {
        return JSON.readTree(get("api/v1/targets").body());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
