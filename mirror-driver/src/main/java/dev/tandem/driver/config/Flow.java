package dev.tandem.driver.config;

/** A replication direction between two clusters of the file, {@code source->target}. */
public record Flow(String source, String target) {

    public static final String ARROW = "->";

    /** The prefix of this flow's keys in mm2.properties, e.g. {@code A->B.}. */
    public String prefix() {
        return source + ARROW + target + ".";
    }

    /** Connector names as MM2 users know them: {@code A->B.source}, {@code A->B.checkpoint}, {@code A->B.heartbeat}. */
    public String connectorName(ConnectorKind kind) {
        return source + ARROW + target + "." + kind.suffix();
    }

    @Override
    public String toString() {
        return source + ARROW + target;
    }
}
