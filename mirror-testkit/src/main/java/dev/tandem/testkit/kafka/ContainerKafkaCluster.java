package dev.tandem.testkit.kafka;

import org.testcontainers.kafka.KafkaContainer;

/**
 * A cluster in a Docker container (testcontainers-kafka), for machines with a Docker engine and
 * {@code -Dtandem.kafka=container}. Broker restarts are not offered: a restarted container gets a new port.
 */
final class ContainerKafkaCluster implements KafkaCluster {

    static final String IMAGE = "apache/kafka:4.3.1";

    private final String name;
    private final KafkaContainer container;

    ContainerKafkaCluster(String name) {
        this.name = name;
        this.container = new KafkaContainer(IMAGE).withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void stopBroker() {
        throw new UnsupportedOperationException(
                "Broker restarts need the embedded clusters (drop -Dtandem.kafka=container)");
    }

    @Override
    public void startBroker() {
        throw new UnsupportedOperationException(
                "Broker restarts need the embedded clusters (drop -Dtandem.kafka=container)");
    }

    @Override
    public void close() {
        container.stop();
    }
}
