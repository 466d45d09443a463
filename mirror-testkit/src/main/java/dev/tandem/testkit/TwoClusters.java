package dev.tandem.testkit;

import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Utils;

/** The usual fixture of a flow test: clusters A and B and a client on each, closed together. */
public final class TwoClusters implements AutoCloseable {

    /** The SCRAM user the replicator logs in as on SASL_SSL clusters. */
    public static final String REPLICATOR_USER = "tandem";

    public final KafkaCluster a;
    public final KafkaCluster b;
    public final KafkaTestClient onA;
    public final KafkaTestClient onB;
    private final KafkaClusters clusters;

    private TwoClusters(KafkaClusters clusters) {
        this.clusters = clusters;
        this.a = clusters.get("A");
        this.b = clusters.get("B");
        this.onA = new KafkaTestClient(a);
        this.onB = new KafkaTestClient(b);
    }

    public static TwoClusters start() {
        return start(Map.of());
    }

    /** Both clusters with the same broker overrides (an authorizer, say). */
    public static TwoClusters start(Map<String, String> brokerOverrides) {
        return new TwoClusters(KafkaClusters.start(brokerOverrides, "A", "B"));
    }

    /**
     * Both clusters behind a {@link dev.tandem.testkit.net.FaultProxy}: the replicator under test connects through
     * {@link KafkaCluster#replicatorBootstrapServers()}, the test's clients {@link #onA} and {@link #onB} directly.
     */
    public static TwoClusters startBehindProxies() {
        return new TwoClusters(KafkaClusters.startBehindProxies(Map.of(), "A", "B"));
    }

    /** Both clusters SASL_SSL only, each with a SCRAM user {@code tandem} besides the admin the test clients use. */
    public static TwoClusters startSaslSsl(Path dir) {
        return new TwoClusters(KafkaClusters.startSaslSsl(dir, List.of(REPLICATOR_USER), "A", "B"));
    }

    @Override
    public void close() {
        Utils.closeQuietly(onA, "client of A");
        Utils.closeQuietly(onB, "client of B");
        clusters.close();
    }
}
