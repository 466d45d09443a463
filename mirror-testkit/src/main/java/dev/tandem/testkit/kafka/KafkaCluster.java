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

    @Override
    void close();
}
