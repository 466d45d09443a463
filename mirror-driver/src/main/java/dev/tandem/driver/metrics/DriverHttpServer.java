package dev.tandem.driver.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tandem.driver.security.RestAccess;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * {@code /metrics} (Prometheus text format), {@code /health} (200 when every connector and task runs and every cluster
 * answers, 503 otherwise, with the states as JSON) and {@code /status} (per flow, for {@code connect-mirror-maker status}), on
 * {@code http.listener}: 127.0.0.1:9464 unless configured otherwise; over TLS for an {@code https://} listener, and
 * only for the accounts of {@link RestAccess} when authentication is configured.
 */
public final class DriverHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String scheme;

    private DriverHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
    }

    /**
     * Serves on {@code listener} ({@code [https://]host:port}); {@code tls} gives an https listener its key, {@code
     * access} the accounts it accepts when authentication is configured.
     */
    public static DriverHttpServer start(
            String listener,
            Supplier<SSLContext> tls,
            RestAccess access,
            PrometheusMeterRegistry registry,
            ConnectorStates states,
            ClusterReachability clusters,
            Supplier<Object> status) {
        boolean https = listener.startsWith("https://");
        String hostAndPort = listener.replaceFirst("^https?://", "").replaceFirst("/$", "");
        int colon = hostAndPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(
                hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        HttpServer server;
        try {
            if (https) {
                HttpsServer secure = HttpsServer.create(address, 16);
                secure.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
                server = secure;
            } else {
                server = HttpServer.create(address, 16);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot listen on http.listener " + hostAndPort + ": " + e.getMessage()
                            + "; choose a free port, e.g. http.listener = 127.0.0.1:9465",
                    e);
        }
        Authenticator authenticator = access.authenticationRequired() ? new AccountAuthenticator(access) : null;
        List<HttpContext> contexts = new ArrayList<>();
        contexts.add(server.createContext(
                "/metrics",
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        contexts.add(server.createContext("/health", exchange -> {
            Map<String, Object> body = new LinkedHashMap<>();
            boolean up = states.allRunning() && clusters.allReachable();
            body.put("status", up ? "UP" : "DOWN");
            body.put("connectors", states.connectors());
            body.put("tasks", states.tasks());
            body.put("clusters", clusters.health());
            respond(exchange, up ? 200 : 503, "application/json", JSON.writeValueAsString(body));
        }));
        contexts.add(server.createContext(
                "/status",
                exchange -> respond(exchange, 200, "application/json", JSON.writeValueAsString(status.get()))));
        if (authenticator != null) {
            contexts.forEach(context -> context.setAuthenticator(authenticator));
        }
        server.start();
        return new DriverHttpServer(server, https ? "https" : "http");
    }

    /** Basic authentication with the operator's account of {@code rest.authentication.*}, or the driver's own. */
    private static final class AccountAuthenticator extends BasicAuthenticator {
        private final RestAccess access;

        AccountAuthenticator(RestAccess access) {
            super("Tandem");
            this.access = access;
        }

        @Override
        public boolean checkCredentials(String user, String password) {
            boolean operator =
                    access.operator().map(o -> o.matches(user, password)).orElse(false);
            return operator | access.driver().matches(user, password);
        }
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
        return URI.create(scheme + "://" + address.getHostString() + ":" + address.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
