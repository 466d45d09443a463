package dev.tandem.bench.scale;

import dev.tandem.testkit.kafka.KafkaClusterProcess;
import java.util.List;

/**
 * The scale command's clusters, each broker in its own JVM: a process's open files are limited (20,000 in the sandbox
 * the figures come from, and not raisable there), and a broker keeps one open per partition, so at 10,000 partitions
 * two brokers in one JVM ran out. Apart from this the brokers are the test kit's, configured as in every test.
 */
final class ScaleClusters {

    /** Enough for 10,000 partitions' metadata and the traffic; the replicator's heap is measured, not the broker's. */
    private static final List<String> BROKER_JVM = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");

    private ScaleClusters() {}

    static String describe() {
        return String.join(" ", BROKER_JVM);
    }

    static KafkaClusterProcess start(String name) {
        return KafkaClusterProcess.start(name, false, BROKER_JVM);
    }
}
