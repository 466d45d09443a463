package dev.tandem.testkit.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;

/** Waits until a just-started broker answers a client: its cluster description lists a node. */
final class BrokerReadiness {

    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

    private BrokerReadiness() {}

    /**
     * Returns when the cluster answers; fails after {@link #STARTUP_TIMEOUT}, or as soon as {@code alive} turns false
     * (a broker process that died will never answer).
     */
    static void await(String name, Map<String, Object> clientConfig, BooleanSupplier alive) {
        Map<String, Object> admin = new HashMap<>(clientConfig);
        admin.put("request.timeout.ms", 5000);
        admin.put("default.api.timeout.ms", 10000);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        try (Admin client = Admin.create(admin)) {
            while (true) {
                try {
                    if (!client.describeCluster()
                            .nodes()
                            .get(10, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (!alive.getAsBoolean()) {
                        throw new IllegalStateException("The broker of cluster " + name + " stopped while starting", e);
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(
                                "Kafka cluster " + name + " did not start within " + STARTUP_TIMEOUT, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting cluster " + name, e);
        }
    }
}
