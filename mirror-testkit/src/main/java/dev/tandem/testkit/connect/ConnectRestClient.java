package dev.tandem.testkit.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Kafka Connect's REST API, as a user drives it with curl. Errors carry the status and the worker's message. */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ConnectRestClient(URI base) {
        this.base = base;
    }

    /** Creates or updates a connector: {@code PUT /connectors/<name>/config}. */
    public JsonNode putConnector(String name, Map<String, String> config) {
        return call("PUT", "/connectors/" + encode(name) + "/config", config, 200, 201);
    }

    /** Creates a connector from a {@code {"name": ..., "config": {...}}} document: {@code POST /connectors}. */
    public JsonNode createConnector(JsonNode nameAndConfig) {
        return call("POST", "/connectors", nameAndConfig, 201);
    }

    /** Restarts a connector and its tasks: {@code POST /connectors/<name>/restart?includeTasks=true}. */
    public void restart(String name) {
        call("POST", "/connectors/" + encode(name) + "/restart?includeTasks=true", null, 202, 204);
    }

    public JsonNode status(String name) {
        return call("GET", "/connectors/" + encode(name) + "/status", null, 200);
    }

    public JsonNode connectorPlugins() {
        return call("GET", "/connector-plugins", null, 200);
    }

    public JsonNode validate(String connectorClass, Map<String, String> config) {
        return call("PUT", "/connector-plugins/" + encode(connectorClass) + "/config/validate", config, 200);
    }

    public void stop(String name) {
        call("PUT", "/connectors/" + encode(name) + "/stop", null, 202, 204);
    }

    public void pause(String name) {
        call("PUT", "/connectors/" + encode(name) + "/pause", null, 202);
    }

    public void resume(String name) {
        call("PUT", "/connectors/" + encode(name) + "/resume", null, 202);
    }

    public void delete(String name) {
        call("DELETE", "/connectors/" + encode(name), null, 204);
    }

    /** True when the connector and {@code tasks} tasks are RUNNING. */
    public boolean isRunning(String name, int tasks) {
        try {
            JsonNode status = status(name);
            if (!"RUNNING".equals(status.path("connector").path("state").asText())) {
                return false;
            }
            int running = 0;
            for (JsonNode task : status.path("tasks")) {
                if ("RUNNING".equals(task.path("state").asText())) {
                    running++;
                }
            }
            return running >= tasks;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** A REST call; {@code body} is sent as JSON when not null. */
    public JsonNode call(String method, String path, Object body, int... expected) {
        try {
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, publisher)
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            for (int code : expected) {
                if (response.statusCode() == code) {
                    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
                }
            }
            throw new IllegalStateException(
                    method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A connector name as one path segment ({@code A->B.source} holds a {@code >}). */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
