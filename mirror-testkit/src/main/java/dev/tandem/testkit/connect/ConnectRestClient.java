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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/** Kafka Connect's REST API, as a user drives it with curl. Errors carry the status and the worker's message. */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final String authorization; // null: none sent

    public ConnectRestClient(URI base) {
        this(base, null, null);
    }

    /**
     * A client of an https listener ({@code ssl} trusts its certificate; null: the JDK's default) that sends {@code
     * authorization} ({@code "Basic ..."}; null: none) with every request.
     */
    public ConnectRestClient(URI base, SSLContext ssl, String authorization) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.authorization = authorization;
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

    /** The worker ids of the connector's RUNNING tasks, one entry per task. */
    public List<String> runningTaskWorkers(String name) {
        List<String> workers = new ArrayList<>();
        for (JsonNode task : status(name).path("tasks")) {
            if ("RUNNING".equals(task.path("state").asText())) {
                workers.add(task.path("worker_id").asText());
            }
        }
        return workers;
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
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, publisher);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
