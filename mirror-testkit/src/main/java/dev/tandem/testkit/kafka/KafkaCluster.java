package dev.tandem.testkit.kafka;

import dev.tandem.testkit.net.FaultProxy;
import java.util.Map;
import java.util.Optional;

/** A Kafka cluster for tests, with a name (its alias in replication flows) and a broker that can be stopped. */
public interface KafkaCluster extends AutoCloseable {

    String name();

    /** host:port list for clients; stays the same across broker restarts. */
    String bootstrapServers();

    /**
     * host:port list the replicator under test should use: through the cluster's {@link #faultProxy()} when it has
     * one, else the same as {@link #bootstrapServers()}.
     */
    default String replicatorBootstrapServers() {
        return bootstrapServers();
    }

    /** The proxy between the replicator and this cluster, for network faults; empty when there is none. */
    default Optional<FaultProxy> faultProxy() {
        return Optional.empty();
    }

    /** Settings every client of this cluster needs: bootstrap servers, and security where the cluster has it. */
    default Map<String, Object> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** How clients log in, when the cluster is SASL_SSL rather than PLAINTEXT. */
    default Optional<SaslSslSecurity> security() {
        return Optional.empty();
    }

    /** Stops the broker (for fault tests); clients see the cluster down until {@link #startBroker()}. */
    void stopBroker();

    /** Starts the broker again on the same address, with its data, and waits until it serves requests. */
    void startBroker();

    /**
     * Stops the broker, deletes the data of one partition, and starts it again: the broker makes the partition anew,
     * empty from offset 0, under the same topic id. The log goes backwards, as after an unclean leader election that
     * chose a replica which had none of the partition's newer records.
     */
    default void truncatePartitionToNothing(String topic, int partition) {
        throw new UnsupportedOperationException(this + " cannot lose a partition's data");
    }

    @Override
    void close();
}
