package dev.tandem.driver.runtime;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.heartbeat.MirrorHeartbeatConfig;
import java.util.Map;

/**
 * Whether a connector the driver deploys runs tasks with its configuration, read with the connectors' own config
 * classes: the source connector always does ({@code tasks.max} of them), the checkpoint connector unless it neither
 * emits checkpoints nor syncs group offsets, the heartbeat connector unless heartbeats are off.
 */
final class AsksForTasks {

    private AsksForTasks() {}

    static boolean of(Map<String, String> config) {
        String type = config.getOrDefault("connector.class", "");
        if (type.endsWith("MirrorHeartbeatConnector")) {
            return new MirrorHeartbeatConfig(config).emitHeartbeatsEnabled();
        }
        if (type.endsWith("MirrorCheckpointConnector")) {
            MirrorCheckpointConfig checkpoint = new MirrorCheckpointConfig(config);
            return checkpoint.emitCheckpointsEnabled() || checkpoint.syncGroupOffsetsEnabled();
        }
        return type.endsWith("MirrorSourceConnector");
    }
}
