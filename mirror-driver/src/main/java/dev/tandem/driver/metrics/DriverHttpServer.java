package dev.tandem.driver.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /metrics} (Prometheus text format), {@code /health} (200 when every connector and task runs and every cluster
 * answers, 503 otherwise, with the states as JSON) and {@code /status} (per flow, for {@code connect-mirror-maker status}), on
 * {@code http.listener}: 127.0.0.1:9464 unless configured otherwise.
 */
public final class DriverHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private DriverHttpServer(HttpServer server) {
        this.server = server;
    }

    public static DriverHttpServer start(
            String hostAndPort,
            PrometheusMeterRegistry registry,
            ConnectorStates states,
            ClusterReachability clusters,
            Supplier<Object> status) {
        int colon = hostAndPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(
                hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot listen on http.listener " + hostAndPort + ": " + e.getMessage()
                            + "; choose a free port, e.g. http.listener = 127.0.0.1:9465",
                    e);
        }
        server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
        server.createContext("/health", exchange -> {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean up = states.allRunning() && clusters.allReachable();
            body.put("status", up ? "UP" : "DOWN");
            body.put("connectors", states.connectors());
            body.put("tasks", states.tasks());
            body.put("clusters", clusters.health());
            respond(exchange, up ? 200 : 503, "application/json", JSON.writeValueAsString(body));
        });
        server.createContext(
                "/status",
                exchange -> respond(exchange, 200, "application/json", JSON.writeValueAsString(status.get())));
        server.start();
        return new DriverHttpServer(server);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public URI url() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
