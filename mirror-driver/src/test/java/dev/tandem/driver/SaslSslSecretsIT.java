package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectRestClient;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.net.ListeningSockets;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Both clusters SASL_SSL only (SCRAM-SHA-512 over TLS), Tandem configured per alias with its own user, as an
 * operator writes mm2.properties. Records and group offsets cross; then every place a secret could leak is read and
 * searched for every password, keystore password and JAAS config: the driver's logs, the worker's REST answers, the
 * worker's config topic, {@code /metrics}, {@code /health}, {@code /status}, the status and drill commands, and the
 * errors of a drill and a driver given a wrong password.
 */
class SaslSslSecretsIT {

    private static final String TOPIC = "payments";
    private static final String GROUP = "billing";
    private static final int RECORDS = 2_000;

    @Test
    void shouldReplicateOverSaslSslAndNeverPrintASecret() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-sasl-ssl"));
        try (TwoClusters clusters = TwoClusters.startSaslSsl(work.resolve("stores"))) {
            Map<String, String> secrets = new LinkedHashMap<>();
            clusters.a.security().orElseThrow().secrets().forEach((what, secret) -> secrets.put("A " + what, secret));
            clusters.b.security().orElseThrow().secrets().forEach((what, secret) -> secrets.put("B " + what, secret));

            clusters.onA.createTopic(TOPIC, 2);
            clusters.onA.produce(TestRecords.varied(TOPIC, 2, RECORDS, System.currentTimeMillis()));
            Map<TopicPartition, Long> committed =
                    Map.of(new TopicPartition(TOPIC, 0), 700L, new TopicPartition(TOPIC, 1), 650L);
            clusters.onA.commit(GROUP, committed);

            Path config = Mm2Properties.write(
                    work.resolve("mm2.properties"),
                    clusters,
                    settings(clusters, clusters.b.security().orElseThrow().jaasConfig(TwoClusters.REPLICATOR_USER))
                            .toArray(String[]::new));
            Map<String, String> found = new LinkedHashMap<>();
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(Duration.ofSeconds(120), "A", "B");
                Await.until(
                        "B holds every record of " + TOPIC,
                        Duration.ofSeconds(120),
                        () -> clusters.onB.topics().contains("A." + TOPIC)
                                && clusters.onB.endOffsetSum("A." + TOPIC) >= RECORDS);
                List<ConsumerRecord<byte[], byte[]>> copied = clusters.onB.consumeAll("A." + TOPIC);
                RecordAssertions.assertSameRecords(
                        "A." + TOPIC + " over SASL_SSL", clusters.onA.consumeAll(TOPIC), copied);
                Map<TopicPartition, Long> translated =
                        Map.of(new TopicPartition("A." + TOPIC, 0), 700L, new TopicPartition("A." + TOPIC, 1), 650L);
                assertEquals(
                        translated,
                        Await.value(
                                "group " + GROUP + " synced to B, translated exactly",
                                Duration.ofSeconds(60),
                                () -> clusters.onB.committed(GROUP),
                                translated::equals));

                found.putAll(restAnswers(
                        "worker for B",
                        new ConnectRestClient(driver.workerUrl("B")),
                        List.of("A->B.source", "A->B.checkpoint", "A->B.heartbeat")));
                found.putAll(restAnswers(
                        "worker for A", new ConnectRestClient(driver.workerUrl("A")), List.of("B->A.heartbeat")));
                String sourceConfig = found.get("worker for B: GET /connectors/A->B.source/config");
                assertTrue(
                        sourceConfig.contains("${tandem:A.sasl.jaas.config}"),
                        "the worker holds a reference to the secret, not the secret: " + sourceConfig);
                found.put("config topic tandem-configs.B.internal", configTopic(clusters.b, clusters));
                found.putAll(refusedThroughRest(new ConnectRestClient(driver.workerUrl("B"))));
                found.put("status topic tandem-status.B.internal", topicText(clusters, "tandem-status.B.internal"));

                // Nothing reachable from other hosts: the workers' REST APIs and /metrics listen on 127.0.0.1 only.
                List<ListeningSockets.Socket> listening = ListeningSockets.ofProcess(driver.pid());
                assertTrue(listening.size() >= 3, "two workers' REST APIs and /metrics: " + listening);
                assertTrue(
                        listening.stream().allMatch(ListeningSockets.Socket::isLoopback),
                        "every socket the driver listens on is bound to 127.0.0.1: " + listening);

                String http = driver.httpBase();
                for (String path : List.of("metrics", "health", "status")) {
                    found.put("GET " + http + path, get(URI.create(http + path)));
                }
                CliRun status =
                        CliRun.run(work, "status", "status.txt", List.of("status", config.toString(), "--url", http));
                assertEquals(0, status.exit(), status.output());
                found.put("status command", status.output());
                CliRun statusJson = CliRun.run(
                        work,
                        "status-json",
                        "status.json",
                        List.of("status", config.toString(), "--url", http, "--json"));
                found.put("status --json", statusJson.output());
                CliRun drill = CliRun.run(
                        work,
                        "drill",
                        "drill.txt",
                        List.of("drill", config.toString(), "--from", "A", "--to", "B", "--groups", GROUP, "--verify"));
                assertEquals(0, drill.exit(), drill.output());
                assertTrue(drill.stdout().contains(GROUP), drill.output());
                found.put("drill plan", drill.output());

                String wrongPassword = "wrong-" + secrets.get("B password of " + TwoClusters.REPLICATOR_USER);
                secrets.put("the wrong password", wrongPassword);
                Path badConfig = Mm2Properties.write(
                        work.resolve("mm2-wrong-password.properties"),
                        clusters,
                        settings(clusters, jaasWithPassword(wrongPassword)).toArray(String[]::new));
                CliRun refused = CliRun.run(
                        work,
                        "drill-refused",
                        "drill-refused.txt",
                        List.of("drill", badConfig.toString(), "--from", "A", "--to", "B", "--groups", GROUP));
                assertNotEquals(0, refused.exit(), "a drill that cannot log in to B fails: " + refused.output());
                assertTrue(
                        refused.stderr().contains("B is unreachable")
                                && refused.stderr().contains("SaslAuthenticationException"),
                        "the error names B and says the login failed: " + refused.output());
                found.put("drill with a wrong password", refused.output());

                int code = driver.terminate();
                assertTrue(code == 0 || code == 143, "a clean stop on SIGTERM, exit code " + code);
                found.put("driver log", driver.output());
            }

            Path badConfig = work.resolve("mm2-wrong-password.properties");
            try (DriverProcess refused = DriverProcess.start(badConfig, work.resolve("driver-wrong-password.log"))) {
                int exit = Await.value(
                        "the driver with a wrong password for B stops",
                        Duration.ofSeconds(120),
                        () -> refused.isAlive() ? null : refused.exitCode(),
                        code -> code != null);
                assertNotEquals(0, exit, refused.output());
                assertTrue(
                        refused.output().contains("Tandem stopped: The worker for B could not start")
                                && refused.output().contains("SaslAuthenticationException"),
                        "the error names B and says the login failed: " + refused.output());
                found.put("driver with a wrong password", refused.output());
            }

            List<String> leaks = new ArrayList<>();
            found.forEach((where, text) -> secrets.forEach((what, secret) -> {
                if (text.contains(secret)) {
                    leaks.add(what + " in " + where);
                }
            }));
            assertTrue(
                    leaks.isEmpty(),
                    "secrets printed: " + leaks + "; searched " + found.size() + " outputs: " + found.keySet());
            assertTrue(
                    found.get("driver log").contains("[hidden]"),
                    "the effective config is logged with its secrets hidden");
        }
    }

    /** Per-alias security as an operator writes it, with Tandem's own user on each cluster; B's JAAS config given. */
    private static List<String> settings(TwoClusters clusters, String jaasForB) {
        List<String> lines = new ArrayList<>();
        clusters.a
                .security()
                .orElseThrow()
                .clientSettings(TwoClusters.REPLICATOR_USER)
                .forEach((k, v) -> lines.add("A." + k + " = " + v));
        clusters.b
                .security()
                .orElseThrow()
                .clientSettings(TwoClusters.REPLICATOR_USER)
                .forEach((k, v) -> lines.add("B." + k + " = " + ("sasl.jaas.config".equals(k) ? jaasForB : v)));
        lines.addAll(List.of(
                "A->B.topics = " + TOPIC,
                "tasks.max = 2",
                "sync.group.offsets.enabled = true",
                "sync.group.offsets.interval.seconds = 1",
                "emit.checkpoints.interval.seconds = 1",
                "refresh.groups.interval.seconds = 1"));
        return lines;
    }

    private static String jaasWithPassword(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + TwoClusters.REPLICATOR_USER + "\" password=\"" + password + "\";";
    }

    /** Every GET answer of the worker's REST API that shows connectors, their configs, tasks, offsets and plugins. */
    private static Map<String, String> restAnswers(String worker, ConnectRestClient rest, List<String> connectors) {
        Map<String, String> answers = new LinkedHashMap<>();
        answers.put(worker + ": GET /", rest.call("GET", "/", null, 200).toString());
        answers.put(
                worker + ": GET /connectors?expand=info&expand=status",
                rest.call("GET", "/connectors?expand=info&expand=status", null, 200)
                        .toString());
        answers.put(
                worker + ": GET /connector-plugins",
                rest.call("GET", "/connector-plugins?connectorsOnly=false", null, 200)
                        .toString());
        for (String connector : connectors) {
            String path = "/connectors/" + ConnectRestClient.encode(connector);
            for (String part : List.of("", "/config", "/tasks", "/status", "/topics", "/offsets")) {
                answers.put(
                        worker + ": GET /connectors/" + connector + part,
                        rest.call("GET", path + part, null, 200).toString());
            }
        }
        return answers;
    }

    /**
     * Someone with access to the worker's REST API tries to make it resolve the driver's secrets: a new connector that
     * refers to one, a validation of such a config, and a change of the driver's own connector (whose stored config
     * holds references) to send them elsewhere. Each is refused with a reason; the answers are searched too.
     */
    private static Map<String, String> refusedThroughRest(ConnectRestClient rest) {
        Map<String, String> answers = new LinkedHashMap<>();
        Map<String, String> stealing = new LinkedHashMap<>();
        stealing.put("connector.class", "dev.tandem.source.MirrorSourceConnector");
        stealing.put("source.cluster.alias", "A");
        stealing.put("target.cluster.alias", "X");
        stealing.put("source.cluster.bootstrap.servers", "127.0.0.1:9");
        stealing.put("target.cluster.bootstrap.servers", "127.0.0.1:9");
        stealing.put("source.cluster.sasl.jaas.config", "${tandem:A.sasl.jaas.config}");
        Map<String, Object> created = Map.of("name", "stealer", "config", stealing);
        String createAnswer = rest.call("POST", "/connectors", created, 400).toString();
        assertTrue(createAnswer.contains("driver's secrets"), "the refusal says why: " + createAnswer);
        answers.put("POST /connectors referring to ${tandem:...}", createAnswer);
        answers.put(
                "PUT /connectors/stealer/config referring to ${tandem:...}",
                rest.call("PUT", "/connectors/stealer/config", stealing, 400).toString());
        answers.put(
                "PUT /connector-plugins/.../config/validate referring to ${tandem:...}",
                rest.call(
                                "PUT",
                                "/connector-plugins/MirrorSourceConnector/config/validate",
                                Map.of(
                                        "connector.class",
                                        "MirrorSourceConnector",
                                        "sasl.jaas.config",
                                        "${tandem:B.sasl.jaas.config}"),
                                400)
                        .toString());
        Map<String, String> redirect = Map.of("target.cluster.bootstrap.servers", "127.0.0.1:9");
        String patchAnswer = rest.call(
                        "PATCH", "/connectors/" + ConnectRestClient.encode("A->B.source") + "/config", redirect, 403)
                .toString();
        assertTrue(patchAnswer.contains("deployed by the Tandem driver"), patchAnswer);
        answers.put("PATCH the driver's own connector", patchAnswer);
        assertTrue(
                !rest.call("GET", "/connectors", null, 200).toString().contains("stealer"), "no connector was created");
        return answers;
    }

    /** The values of a topic of B as text, as any user with read access to B's topics sees them. */
    private static String topicText(TwoClusters clusters, String topic) {
        StringBuilder text = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> record : clusters.onB.consumeAll(topic)) {
            if (record.value() != null) {
                text.append(new String(record.value(), StandardCharsets.UTF_8)).append('\n');
            }
        }
        return text.toString();
    }

    /** The worker's stored connector and task configs, as any user with read access to B's topics sees them. */
    private static String configTopic(KafkaCluster b, TwoClusters clusters) {
        String text = topicText(clusters, "tandem-configs." + b.name() + ".internal");
        assertTrue(text.contains("${tandem:"), "the config topic holds references: " + text);
        return text;
    }

    private static String get(URI uri) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
