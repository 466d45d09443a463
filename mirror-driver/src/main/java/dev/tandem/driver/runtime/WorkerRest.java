package dev.tandem.driver.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.driver.security.HttpClientAccess;
import dev.tandem.driver.security.RestAccess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The few calls the driver makes to its own embedded worker's REST API: those Connect forwards to the leader or to the
 * worker that runs a task (a connector config written on a follower, a restart of a task that runs elsewhere).
 * Everything else the driver asks the herder directly.
 */
final class WorkerRest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<Integer> ACCEPTED = Set.of(200, 201, 202, 204);

    private final URI worker;
    private final HttpClientAccess access;
    private final HttpClient http;

    /** {@code access} carries the driver's own credentials (see {@link RestAccess}) and the https listeners' trust. */
    WorkerRest(URI worker, HttpClientAccess access) {
        this.worker = worker;
        this.access = access;
        this.http = access.client(Duration.ofSeconds(10));
    }

    /** {@code PUT /connectors/<name>/config}. */
    void putConnectorConfig(String name, Map<String, String> config) {
        send("PUT", "/connectors/" + segment(name) + "/config", config);
    }

    /** {@code GET /connectors?expand=status}: every connector of the worker's group with its tasks' states. */
    JsonNode connectorsWithStatus() {
        return send("GET", "/connectors?expand=status", null);
    }

    /** {@code POST /connectors/<name>/restart}: the connector instance only, as Connect's default. */
    void restartConnector(String name) {
        send("POST", "/connectors/" + segment(name) + "/restart", null);
    }

    /** {@code POST /connectors/<name>/tasks/<task>/restart}. */
    void restartTask(String name, int task) {
        send("POST", "/connectors/" + segment(name) + "/tasks/" + task + "/restart", null);
    }

    /** {@code PUT /connectors/<name>/stop} (KIP-875): stops the connector and writes an empty set of task configs. */
    void stopConnector(String name) {
        send("PUT", "/connectors/" + segment(name) + "/stop", null);
    }

    /** {@code PUT /connectors/<name>/resume}: starts a stopped connector, which then writes its task configs. */
    void resumeConnector(String name) {
        send("PUT", "/connectors/" + segment(name) + "/resume", null);
    }

    private JsonNode send(String method, String path, Object body) {
        try {
            HttpRequest.Builder request = access.authorize(HttpRequest.newBuilder(worker.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json"));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (!ACCEPTED.contains(response.statusCode())) {
                // The worker's own message says what it refused; the path names the connector, never its config.
                throw new IllegalStateException("the worker answered " + method + " " + path + " with "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " to the worker at " + worker + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during " + method + " " + path, e);
        }
    }

    /** A connector name as one path segment: {@code A->B.source} holds a {@code >}. */
    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
