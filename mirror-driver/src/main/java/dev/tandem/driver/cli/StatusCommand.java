package dev.tandem.driver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.InvalidConfigException;
import dev.tandem.driver.security.HttpClientAccess;
import dev.tandem.driver.security.TlsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code connect-mirror-maker status CONFIG [--json] [--url URL]}: asks the driver running with CONFIG (at its
 * {@code http.listener}, or {@code --url}) for each flow's connector and task states, lag, and the ages of the newest
 * checkpoint and heartbeat. A table for people, {@code --json} for scripts. Exit code 0 when everything runs, 1 when
 * something does not or no driver answers, 2 for a bad command line or config.
 */
final class StatusCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        boolean json = false;
        String url = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--url") && i + 1 < args.size()) {
                url = args.get(++i);
            } else if (arg.startsWith("-")) {
                err.println("Unknown option " + arg
                        + "\nUsage: connect-mirror-maker status CONFIG [--json] [--url http(s)://host:port/]");
                return ConnectMirrorMaker.INVALID;
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != 1) {
            err.println("Usage: connect-mirror-maker status CONFIG [--json] [--url http(s)://host:port/]");
            return ConnectMirrorMaker.INVALID;
        }
        DriverConfig config;
        try {
            config = DriverConfig.load(Path.of(positional.get(0)), Set.of());
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return ConnectMirrorMaker.INVALID;
        }
        URI base = URI.create(
                url != null ? url : listenerUrl(config.mm2().driverSettings().httpListener()));
        JsonNode status;
        try {
            // The file's account and the https listeners' truststore: the same file the driver runs with.
            HttpClientAccess access = new HttpClientAccess(
                    TlsSettings.of(config.mm2().raw()).clientContext(),
                    config.mm2().driverSettings().restAccount());
            HttpResponse<String> response = access.client(Duration.ofSeconds(5))
                    .send(
                            access.authorize(HttpRequest.newBuilder(base.resolve("/status")))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                err.println("The driver at " + base + " refused the credentials of this config file (401): set"
                        + " rest.authentication.user and rest.authentication.password as the driver has them.");
                return ConnectMirrorMaker.FAILED;
            }
            status = JSON.readTree(response.body());
        } catch (IllegalStateException e) {
            err.println(e.getMessage()); // a truststore that cannot be read, named with its key
            return ConnectMirrorMaker.INVALID;
        } catch (IOException e) {
            err.println("No Tandem driver answers at " + base.resolve("/status") + " (" + e.getMessage()
                    + "). Is it running"
                    + " on this host with this config? Its address is http.listener; pass --url to ask another.");
            return ConnectMirrorMaker.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectMirrorMaker.FAILED;
        }
        if (json) {
            out.println(status.toPrettyString());
        } else {
            printTable(status, out);
        }
        return allRunning(status) ? ConnectMirrorMaker.OK : ConnectMirrorMaker.FAILED;
    }

    /** The URL of an {@code http.listener} value: {@code host:port} is plain http. */
    static String listenerUrl(String listener) {
        String withScheme = listener.matches("^https?://.*") ? listener : "http://" + listener;
        return withScheme.endsWith("/") ? withScheme : withScheme + "/";
    }

    private static boolean allRunning(JsonNode status) {
        for (JsonNode cluster : status.path("clusters")) {
            if (!cluster.path("reachable").asBoolean(true)) {
                return false;
            }
        }
        for (JsonNode flow : status.path("flows")) {
            for (JsonNode connector : flow.path("connectors")) {
                if (!"RUNNING".equals(connector.path("state").asText())) {
                    return false;
                }
                var names = connector.path("tasks").fieldNames();
                while (names.hasNext()) {
                    if (!"RUNNING".equals(names.next())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void printTable(JsonNode status, PrintStream out) {
        String format = "%-12s %-60s %12s %9s %16s %10s%n";
        out.printf(format, "FLOW", "CONNECTORS (state, tasks)", "LAG records", "LAG s", "LAST CHECKPOINT", "HEARTBEAT");
        for (JsonNode flow : status.path("flows")) {
            List<String> connectors = new ArrayList<>();
            flow.path("connectors").properties().forEach(c -> {
                StringBuilder tasks = new StringBuilder();
                c.getValue()
                        .path("tasks")
                        .properties()
                        .forEach(t -> tasks.append(tasks.length() == 0 ? "" : "+")
                                .append(t.getValue().asInt())
                                .append(' ')
                                .append(t.getKey()));
                connectors.add(c.getKey() + " " + c.getValue().path("state").asText() + " ("
                        + (tasks.length() == 0 ? "no task" : tasks) + ")");
            });
            boolean replicating = flow.path("replicating").asBoolean();
            out.printf(
                    format,
                    flow.path("flow").asText(),
                    String.join(", ", connectors),
                    replicating ? String.format("%,d", flow.path("lagRecords").asLong()) : "-",
                    replicating ? String.format("%.1f", flow.path("lagSeconds").asDouble()) : "-",
                    age(flow.path("lastCheckpointAgeSeconds")),
                    age(flow.path("heartbeatAgeSeconds")));
        }
        for (JsonNode cluster : status.path("clusters")) {
            if (!cluster.path("reachable").asBoolean(true)) {
                out.printf(
                        "Cluster %s is UNREACHABLE since %s (%.0f s); copying from and to it waits%n",
                        cluster.path("cluster").asText(),
                        cluster.path("unreachableSince").asText(),
                        cluster.path("unreachableSeconds").asDouble());
            }
        }
        for (JsonNode flow : status.path("flows")) {
            long lost = flow.path("lostRecords").asLong();
            if (lost > 0) {
                out.printf(
                        "%s: %,d records were gone from the source before they were copied (removed by retention or"
                                + " delete-records, or truncated); the ERROR lines of the log name each partition and"
                                + " offset range%n",
                        flow.path("flow").asText(), lost);
            }
        }
    }

    private static String age(JsonNode seconds) {
        return seconds.isNumber() ? String.format("%.1f s ago", seconds.asDouble()) : "-";
    }
}
