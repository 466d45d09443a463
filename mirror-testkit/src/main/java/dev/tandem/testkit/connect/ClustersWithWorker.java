package dev.tandem.testkit.connect;

import dev.tandem.testkit.TwoClusters;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up most connector ITs share, as a JUnit extension: clusters A and B, and a Kafka Connect worker on B, started
 * once before the class's tests and stopped after them, the worker first. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClustersWithWorker flow = ClustersWithWorker.onB("tandem-it-B");
 * ...
 * flow.clusters().onA.produce(...);
 * flow.worker().rest().putConnector(...);
 * }</pre>
 */
public final class ClustersWithWorker implements BeforeAllCallback, AfterAllCallback {

    private final String workerGroup;
    private TwoClusters clusters;
    private ConnectWorker worker;

    private ClustersWithWorker(String workerGroup) {
        this.workerGroup = workerGroup;
    }

    /** A worker of group {@code workerGroup} on B, the target of flow A->B. */
    public static ClustersWithWorker onB(String workerGroup) {
        return new ClustersWithWorker(workerGroup);
    }

    public TwoClusters clusters() {
        return clusters;
    }

    public ConnectWorker worker() {
        return worker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        clusters = TwoClusters.start();
        worker = ConnectWorker.start(clusters.b, workerGroup, Map.of());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try (TwoClusters stopLast = clusters) {
            if (worker != null) {
                worker.close();
            }
        }
    }
}
