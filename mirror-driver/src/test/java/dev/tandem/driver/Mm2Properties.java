package dev.tandem.driver;

import dev.tandem.testkit.TwoClusters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The mm2.properties the driver tests start from: clusters A and B, flow A->B, REST and /metrics on free local ports;
 * the clusters' fault proxies, when they have them, between the driver and the brokers. */
final class Mm2Properties {

    private Mm2Properties() {}

    /** Writes the common lines and then {@code settings}, one per line, to {@code file}. */
    static Path write(Path file, TwoClusters clusters, String... settings) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "clusters = A, B",
                "A.bootstrap.servers = " + clusters.a.replicatorBootstrapServers(),
                "B.bootstrap.servers = " + clusters.b.replicatorBootstrapServers(),
                "A->B.enabled = true",
                "http.listener = 127.0.0.1:0"));
        lines.addAll(List.of(settings));
        lines.add("");
        return Files.writeString(file, String.join("\n", lines));
    }
}
