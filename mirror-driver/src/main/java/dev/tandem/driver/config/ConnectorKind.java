package dev.tandem.driver.config;

/** The three connectors of a flow. */
public enum ConnectorKind {
    SOURCE("source", "dev.tandem.source.MirrorSourceConnector"),
    CHECKPOINT("checkpoint", "dev.tandem.checkpoint.MirrorCheckpointConnector"),
    HEARTBEAT("heartbeat", "dev.tandem.heartbeat.MirrorHeartbeatConnector");

    private final String suffix;
    private final String connectorClass;

    ConnectorKind(String suffix, String connectorClass) {
        this.suffix = suffix;
        this.connectorClass = connectorClass;
    }

    public String suffix() {
        return suffix;
    }

    public String connectorClass() {
        return connectorClass;
    }
}
