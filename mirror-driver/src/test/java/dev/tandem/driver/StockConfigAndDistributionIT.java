package dev.tandem.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.RecordAssertions;
import dev.tandem.testkit.records.TestRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** MirrorMaker 2's stock mm2.properties runs as it is once its addresses are real; the built archive runs on its own. */
class StockConfigAndDistributionIT {

    /** A broker (kafka_2.13, server, raft, storage, metadata, coordinators), Scala, tools, or test code. */
    private static final Pattern FORBIDDEN_IN_LIB = Pattern.compile(
            "^(kafka_\\d|kafka-server|kafka-raft|kafka-storage|kafka-metadata|kafka-.*coordinator|kafka-tools|scala-"
                    + "|mirror-testkit|mirror-demo|junit|testcontainers|opentest4j)");

    @Test
    void shouldRunMirrorMakersStockFileWithOnlyItsAddressesChanged() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "it-stock-config"));
        try (TwoClusters clusters = TwoClusters.start()) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            String stock = Files.readString(
                            Path.of("src/test/resources/mm2-stock-example.properties"), StandardCharsets.UTF_8)
                    .replace("A_host1:9092, A_host2:9092, A_host3:9092", clusters.a.bootstrapServers())
                    .replace("B_host1:9092, B_host2:9092, B_host3:9092", clusters.b.bootstrapServers());
            Path config = work.resolve("connect-mirror-maker.properties");
            Files.writeString(config, stock); // unchanged but for the addresses: /metrics on the default 127.0.0.1:9464
            onA.createTopic("on-a", 2);
            onB.createTopic("on-b", 2);
            onA.produce(TestRecords.varied("on-a", 2, 500, System.currentTimeMillis()));
            onB.produce(TestRecords.varied("on-b", 2, 500, System.currentTimeMillis()));
            try (DriverProcess driver = DriverProcess.start(config, work.resolve("driver.log"))) {
                driver.awaitStarted(Duration.ofSeconds(90), "A", "B");
                Await.until(
                        "on-a reaches B and on-b reaches A",
                        Duration.ofSeconds(90),
                        () -> onB.topics().contains("A.on-a")
                                && onB.endOffsetSum("A.on-a") == 500
                                && onA.topics().contains("B.on-b")
                                && onA.endOffsetSum("B.on-b") == 500);
                RecordAssertions.assertSameRecords("A.on-a", onA.consumeAll("on-a"), onB.consumeAll("A.on-a"));
                RecordAssertions.assertSameRecords("B.on-b", onB.consumeAll("on-b"), onA.consumeAll("B.on-b"));
                assertTrue(
                        onA.topics().stream().noneMatch(t -> t.startsWith("B.A.")),
                        "nothing loops back: " + onA.topics());
                driver.terminate();
            }
        }
    }

    @Test
    void shouldRunFromTheDistributionArchive() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(p -> p.getFileName().toString().matches("tandem-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no tandem-*.tar.gz in target/: run mvn package first"));
        }
        Path dist = Path.of("target", "it-dist");
        WorkDirs.delete(dist); // an earlier build's lib/ must not linger in this one
        Files.createDirectories(dist);
        run(
                List.of(
                        "tar",
                        "-xzf",
                        archive.toAbsolutePath().toString(),
                        "-C",
                        dist.toAbsolutePath().toString()),
                0);
        Path home;
        try (Stream<Path> dirs = Files.list(dist)) {
            home = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(Files.isExecutable(home.resolve("bin/connect-mirror-maker")));
        assertTrue(Files.isDirectory(home.resolve("lib"))
                && Files.exists(home.resolve("configs/active-passive.properties")));
        assertShipsNoTestCode(home.resolve("lib"));
        String output = run(
                List.of(
                        home.resolve("bin/connect-mirror-maker").toString(),
                        "--clusters",
                        "nowhere",
                        home.resolve("configs/active-passive.properties").toString()),
                2);
        assertTrue(output.contains("--clusters: 'nowhere' is not one of the clusters [primary, backup]"), output);
    }

    /**
     * The product is the connectors, the driver and Connect's worker: never a Kafka broker, its coordinators, Scala or
     * the test kit (the demo, which runs embedded clusters, is a module of its own that ships nowhere).
     */
    private static void assertShipsNoTestCode(Path lib) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        List<String> forbidden = jars.stream()
                .map(j -> j.getFileName().toString())
                .filter(FORBIDDEN_IN_LIB.asPredicate())
                .toList();
        long bytes = 0;
        for (Path jar : jars) {
            bytes += Files.size(jar);
        }
        System.out.printf("distribution lib/: %d jars, %.1f MB%n", jars.size(), bytes / 1e6);
        assertTrue(
                jars.stream().anyMatch(j -> j.getFileName().toString().startsWith("connect-runtime-")),
                "lib/ holds Connect's worker: " + jars);
        assertEquals(List.of(), forbidden, "jars that are test code or a broker's, not the product's, in " + lib);
    }

    private static String run(List<String> command, int expectedExit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "finished: " + command);
        assertEquals(expectedExit, process.exitValue(), output);
        return output;
    }
}
