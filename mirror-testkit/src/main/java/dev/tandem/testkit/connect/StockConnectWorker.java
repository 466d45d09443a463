package dev.tandem.testkit.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.kafka.FreePorts;
import dev.tandem.testkit.kafka.KafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A stock Kafka Connect distributed worker ({@code ConnectDistributed}, as {@code connect-distributed.sh} runs it) in
 * its own JVM, with the jars of one Kafka release as its class path and Tandem only on {@code plugin.path}, so the
 * plugin is loaded in isolation exactly as on a user's worker. REST on 127.0.0.1; log in {@code worker.log} of its
 * directory. Always stopped by {@link #close()}; {@link #kill()} is SIGKILL, for failure tests.
 */
public final class StockConnectWorker implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final int jmxPort;
    private final ConnectRestClient rest;

    private StockConnectWorker(Process process, Path dir, int port, int jmxPort) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.jmxPort = jmxPort;
        this.rest = new ConnectRestClient(URI.create("http://127.0.0.1:" + port));
    }

    /**
     * Starts a worker of group {@code groupId} storing its state in {@code cluster}, and waits until its REST API
     * answers. Workers started with the same group share connectors and take over each other's tasks.
     */
    public static StockConnectWorker start(
            Path workerLib,
            Path pluginPath,
            KafkaCluster cluster,
            String groupId,
            Path dir,
            Map<String, String> overrides) {
        return launch(
                "org.apache.kafka.connect.cli.ConnectDistributed",
                WorkerProperties.distributed(cluster, groupId),
                List.of(),
                workerLib,
                pluginPath,
                dir,
                overrides);
    }

    /**
     * Starts a standalone worker ({@code ConnectStandalone}, as {@code connect-standalone.sh} runs it) with its
     * offsets in {@code dir/connect.offsets} (kept across restarts in the same folder) and the connectors of
     * {@code connectorFiles} (properties files, one per connector), and waits until its REST API answers.
     */
    public static StockConnectWorker startStandalone(
            Path workerLib,
            Path pluginPath,
            KafkaCluster cluster,
            Path dir,
            Map<String, String> overrides,
            List<Path> connectorFiles) {
        return launch(
                "org.apache.kafka.connect.cli.ConnectStandalone",
                WorkerProperties.standalone(cluster, dir.resolve("connect.offsets")),
                connectorFiles.stream().map(f -> f.toAbsolutePath().toString()).toList(),
                workerLib,
                pluginPath,
                dir,
                overrides);
    }

    private static StockConnectWorker launch(
            String mainClass,
            Map<String, String> props,
            List<String> extraArgs,
            Path workerLib,
            Path pluginPath,
            Path dir,
            Map<String, String> overrides) {
        if (!Files.isDirectory(workerLib)) {
            throw new IllegalStateException(
                    "No worker class path at " + workerLib + ": build the connect-workers modules first");
        }
        int port = FreePorts.next();
        int jmxPort = FreePorts.next();
        // A worker's own defaults, as a fresh connect-distributed.properties has them; Tandem's connector configs
        // set ByteArrayConverter themselves, so these must not matter.
        props.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("rest.advertised.port", Integer.toString(port));
        props.put("plugin.path", pluginPath.toAbsolutePath().toString());
        props.putAll(overrides);
        try {
            Files.createDirectories(dir);
            Path config = dir.resolve("worker.properties");
            Files.writeString(
                    config,
                    props.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("\n", "", "\n")),
                    StandardCharsets.UTF_8);
            Path log = dir.resolve("worker.log");
            Files.writeString(dir.resolve("log4j.properties"), log4jProperties(log), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("log4j2.properties"), log4j2Properties(log), StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElse("java"));
            command.add("-Xms128m");
            command.add("-Xmx768m");
            // JMX as operators enable it for Connect (JMX_PORT), but on 127.0.0.1 only and one port for RMI too.
            command.add("-Dcom.sun.management.jmxremote.port=" + jmxPort);
            command.add("-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort);
            command.add("-Dcom.sun.management.jmxremote.host=127.0.0.1");
            command.add("-Djava.rmi.server.hostname=127.0.0.1");
            command.add("-Dcom.sun.management.jmxremote.authenticate=false");
            command.add("-Dcom.sun.management.jmxremote.ssl=false");
            command.add("-Dlog4j.configuration=file:"
                    + dir.resolve("log4j.properties").toAbsolutePath());
            command.add("-Dlog4j2.configurationFile="
                    + dir.resolve("log4j2.properties").toAbsolutePath());
            command.add("-cp");
            command.add(workerLib.toAbsolutePath() + "/*");
            command.add(mainClass);
            command.add(config.toAbsolutePath().toString());
            command.addAll(extraArgs);
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("worker.out").toFile()))
                    .start();
            StockConnectWorker worker = new StockConnectWorker(process, dir, port, jmxPort);
            worker.awaitRest();
            return worker;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a Connect worker in " + dir, e);
        }
    }

    private void awaitRest() {
        try {
            Await.until("the Connect worker in " + dir + " answers on port " + port, Duration.ofSeconds(120), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the Connect worker exited with " + process.exitValue() + "; see "
                            + dir.resolve("worker.out") + " and " + dir.resolve("worker.log"));
                }
                try {
                    return rest.call("GET", "/connectors", null, 200).isArray();
                } catch (IllegalStateException notYet) {
                    return false;
                }
            });
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    private static String log4jProperties(Path log) {
        return "log4j.rootLogger=INFO, file\n"
                + "log4j.appender.file=org.apache.log4j.FileAppender\n"
                + "log4j.appender.file.File=" + log.toAbsolutePath() + "\n"
                + "log4j.appender.file.layout=org.apache.log4j.PatternLayout\n"
                + "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n\n"
                + "log4j.logger.org.apache.kafka.clients=WARN\n";
    }

    private static String log4j2Properties(Path log) {
        return "appender.file.type=File\n"
                + "appender.file.name=file\n"
                + "appender.file.fileName=" + log.toAbsolutePath() + "\n"
                + "appender.file.layout.type=PatternLayout\n"
                + "appender.file.layout.pattern=[%d] %p %m (%c)%n\n"
                + "rootLogger.level=INFO\n"
                + "rootLogger.appenderRef.file.ref=file\n"
                + "logger.clients.name=org.apache.kafka.clients\n"
                + "logger.clients.level=WARN\n";
    }

    public ConnectRestClient rest() {
        return rest;
    }

    /** The id Connect's status answers name this worker by. */
    public String workerId() {
        return "127.0.0.1:" + port;
    }

    /** The Kafka version the worker reports at {@code GET /}. */
    public String version() {
        JsonNode root = rest.call("GET", "/", null, 200);
        return root.path("version").asText();
    }

    /** A numeric attribute of an MBean in the worker's JVM, read over JMX; empty while the MBean does not exist. */
    public OptionalDouble jmxAttribute(String objectName, String attribute) {
        JMXServiceURL url;
        try {
            url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + jmxPort + "/jmxrmi");
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(url)) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(objectName);
            if (!server.isRegistered(name)) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(((Number) server.getAttribute(name, attribute)).doubleValue());
        } catch (Exception e) {
            throw new IllegalStateException("Could not read " + objectName + " " + attribute + " over JMX: " + e, e);
        }
    }

    public Path log() {
        return dir.resolve("worker.log");
    }

    /** SIGKILL: the worker gets no chance to stop its tasks, commit offsets or leave its group. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(30);
    }

    private boolean waitForExit(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * SIGTERM, as a service manager stops a worker; SIGKILL if it has not stopped within 60 s, after printing its
     * threads and the end of its log (its folder is usually a test's temporary one, gone after the test).
     */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitForExit(60)) {
                System.out.println("Worker " + workerId() + " did not stop within 60 s of SIGTERM; its threads:\n"
                        + threadDump() + "\nThe end of its log:\n" + logTail(80));
                process.destroyForcibly();
                waitForExit(30);
            }
        }
    }

    private String threadDump() {
        try {
            Process jstack = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "jstack")
                                    .toString(),
                            Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            String dump = new String(jstack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jstack.waitFor(30, TimeUnit.SECONDS);
            return dump;
        } catch (IOException e) {
            return "(jstack failed: " + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    private String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(dir.resolve("worker.log"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
