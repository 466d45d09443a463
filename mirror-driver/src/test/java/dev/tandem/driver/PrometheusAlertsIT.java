package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.prometheus.Binaries;
import dev.tandem.testkit.prometheus.PrometheusServer;
import dev.tandem.testkit.records.SteadyLoad;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped alert rules and Grafana dashboard against a real Prometheus scraping a real driver: {@code promtool}
 * accepts the rules and their unit tests cover every alert; while records are copied every panel's expression
 * returns data and no alert fires; with the target stopped the lag, unreachable-cluster, heartbeat and task alerts fire,
 * and they all resolve once it is back. The rules are loaded with their thresholds and {@code for:} durations shrunk (the same
 * expressions), so the test waits seconds where the shipped rules wait minutes.
 */
class PrometheusAlertsIT {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Path CONFIGS =
            Path.of("..", "configs").toAbsolutePath().normalize();
    private static final String TOPIC = "orders";

    @Test
    void rulesAndDashboardWorkAgainstARealPrometheus() throws Exception {
        Path rules = CONFIGS.resolve("prometheus/tandem-alerts.yml");
        Binaries.ToolRun check = Binaries.promtool(rules.getParent(), "check", "rules", "tandem-alerts.yml");
        assertEquals(0, check.exitCode(), check.output());
        Binaries.ToolRun unit = Binaries.promtool(rules.getParent(), "test", "rules", "tandem-alerts-test.yml");
        assertEquals(0, unit.exitCode(), unit.output());
        Set<String> alerts = matches(Files.readString(rules), "- alert: (\\w+)");
        Set<String> tested =
                matches(Files.readString(rules.resolveSibling("tandem-alerts-test.yml")), "alertname: (\\w+)");
        assertEquals(alerts, tested, "every alert has a unit test");

        Path work = WorkDirs.fresh("PrometheusAlertsIT");
        Path quick = work.resolve("tandem-alerts-quick.yml");
        Files.writeString(quick, quicker(Files.readString(rules)));
        try (TwoClusters clusters = TwoClusters.start()) {
            clusters.onA.createTopic(TOPIC, 2);
            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    "A->B.topics = " + TOPIC,
                    "sync.topic.acls.enabled = false");
            try (SteadyLoad load = SteadyLoad.start(clusters.onA, TOPIC, 2, 100);
                    DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(WAIT, "B");
                URI metrics = URI.create(driver.httpBase());
                try (PrometheusServer prometheus = PrometheusServer.start(
                        work.resolve("prometheus"),
                        "tandem",
                        metrics.getHost() + ":" + metrics.getPort(),
                        List.of(quick))) {
                    for (Map.Entry<String, String> panel :
                            dashboardExpressions().entrySet()) {
                        Await.until(
                                "panel '" + panel.getKey() + "' returns data: " + panel.getValue(),
                                WAIT,
                                () -> !prometheus.query(panel.getValue()).isEmpty());
                    }
                    assertEquals(List.of(), firing(prometheus), "no alert fires while records are copied");

                    // B away: its worker's tasks wait to send (Connect still calls them RUNNING; the driver reports
                    // them WAITING), so the lag, the unreachable cluster, the heartbeats and the tasks all alert.
                    clusters.b.stopBroker();
                    long stopped = System.nanoTime();
                    Await.value(
                            "the lag, unreachable-cluster, heartbeat and task alerts firing with B stopped",
                            WAIT,
                            () -> firing(prometheus),
                            f -> f.containsAll(List.of(
                                    "TandemReplicationLagHigh " + TOPIC,
                                    "TandemClusterUnreachable B",
                                    "TandemHeartbeatsStale A->B",
                                    "TandemTasksNotRunning A->B.source")));
                    long firedAfter =
                            Duration.ofNanos(System.nanoTime() - stopped).toSeconds();
                    clusters.b.startBroker();
                    long started = System.nanoTime();
                    Await.value("every alert resolved with B back", WAIT, () -> firing(prometheus), List::isEmpty);
                    System.out.printf(
                            "B stopped: lag, unreachable, heartbeat and task alerts firing after %d s; B back: all resolved"
                                    + " after %d s%n",
                            firedAfter,
                            Duration.ofNanos(System.nanoTime() - started).toSeconds());
                    assertTrue(driver.isAlive(), "the driver runs on");
                }
            }
        }
    }

    /** The firing alerts as "name subject" lines: the subject is the topic, the cluster, or the flow. */
    private static List<String> firing(PrometheusServer prometheus) throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode alert : prometheus.alerts()) {
            if ("firing".equals(alert.path("state").asText())) {
                JsonNode labels = alert.path("labels");
                String subject = labels.has("topic")
                        ? labels.path("topic").asText()
                        : labels.has("cluster")
                                ? labels.path("cluster").asText()
                                : labels.has("source")
                                        ? labels.path("source").asText() + "->"
                                                + labels.path("target").asText()
                                        : labels.path("connector")
                                                .asText(labels.path("instance").asText());
                names.add(labels.path("alertname").asText() + " " + subject);
            }
        }
        return names;
    }

    /**
     * The shipped rules with every {@code for:} shrunk to 5 s and the lag and heartbeat thresholds to 10 s; the
     * expressions are otherwise the shipped ones.
     */
    static String quicker(String rules) {
        String quick = rules.replaceAll("(?m)^(\\s+for: )\\d+m$", "$15s")
                .replace("(tandem_replication_lag_seconds) > 120", "(tandem_replication_lag_seconds) > 10")
                .replace("(tandem_heartbeat_age_seconds) > 60", "(tandem_heartbeat_age_seconds) > 10");
        if (quick.equals(rules)
                || quick.contains("> 120")
                || Pattern.compile("(?m)for: \\d+m$").matcher(quick).find()) {
            throw new AssertionError("the rule file changed shape; update PrometheusAlertsIT.quicker:\n" + rules);
        }
        return quick;
    }

    /** Every panel's PromQL expressions of the shipped Grafana dashboard, keyed by title and expression. */
    private static Map<String, String> dashboardExpressions() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(CONFIGS.resolve("grafana/tandem-dashboard.json").toFile());
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                if (!expr.isBlank()) {
                    expressions.put(panel.path("title").asText() + " #" + expressions.size(), expr);
                }
            }
        }
        assertTrue(expressions.size() >= 10, "the dashboard's expressions: " + expressions);
        return expressions;
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
