package dev.tandem.heartbeat;

import dev.tandem.common.config.ConfigErrors;
import dev.tandem.common.config.MirrorConnectorConfig;
import dev.tandem.common.config.ReplicationFactor;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigValue;

/** Settings of the heartbeat connector: MirrorMaker 2's keys. Only the target cluster is needed. */
public final class MirrorHeartbeatConfig extends MirrorConnectorConfig {

    public static final String EMIT_HEARTBEATS_ENABLED = "emit.heartbeats.enabled";
    public static final String EMIT_HEARTBEATS_INTERVAL_SECONDS = "emit.heartbeats.interval.seconds";
    public static final String HEARTBEATS_TOPIC_REPLICATION_FACTOR = "heartbeats.topic.replication.factor";

    static final ConfigDef CONFIG_DEF = defineTargetCluster(baseConfigDef())
            .define(
                    EMIT_HEARTBEATS_ENABLED,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Whether heartbeats are written to the target's 'heartbeats' topic.")
            .define(
                    EMIT_HEARTBEATS_INTERVAL_SECONDS,
                    Type.LONG,
                    1L,
                    ConfigDef.Range.atLeast(1),
                    Importance.LOW,
                    "Seconds between two heartbeats.")
            .define(
                    HEARTBEATS_TOPIC_REPLICATION_FACTOR,
                    Type.SHORT,
                    (short) -1,
                    ReplicationFactor.validator(),
                    Importance.LOW,
                    "Replication factor of the heartbeats topic; -1 uses the target's default.replication.factor.");

    public MirrorHeartbeatConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    public static Map<String, ConfigValue> validate(Map<String, String> props) {
        return MirrorConnectorConfig.validateFlow(CONFIG_DEF, props);
    }

    public static MirrorHeartbeatConfig parse(Map<String, String> props) {
        ConfigErrors.throwIfAny("heartbeat connector", validate(props));
        return new MirrorHeartbeatConfig(props);
    }

    public boolean emitHeartbeatsEnabled() {
        return getBoolean(EMIT_HEARTBEATS_ENABLED);
    }

    public Duration emitHeartbeatsInterval() {
        return Duration.ofSeconds(getLong(EMIT_HEARTBEATS_INTERVAL_SECONDS));
    }

    public Optional<Short> heartbeatsTopicReplicationFactor() {
        return ReplicationFactor.of(getShort(HEARTBEATS_TOPIC_REPLICATION_FACTOR));
    }

    public String heartbeatsTopic() {
        return replicationPolicy().heartbeatsTopic();
    }
}
