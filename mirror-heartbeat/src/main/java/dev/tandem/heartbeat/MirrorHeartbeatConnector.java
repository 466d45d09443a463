package dev.tandem.heartbeat;

import dev.tandem.common.admin.InternalTopics;
import dev.tandem.common.config.SecretMasking;
import dev.tandem.common.offsets.BadOffsets;
import dev.tandem.common.offsets.ZeroOnlyOffsets;
import dev.tandem.common.runtime.TandemVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves a flow {@code A->B} is alive: one task writes Heartbeat(A, B, now) to B's {@code heartbeats} topic every
 * {@code emit.heartbeats.interval.seconds}. Heartbeats topics are themselves replicated, so every cluster can tell
 * which clusters are upstream of it and how many hops away.
 */
public class MirrorHeartbeatConnector extends SourceConnector {

    /** The keys of a heartbeat record's source partition, as MirrorMaker 2 writes them. */
    private static final Map<String, Class<?>> HEARTBEAT_PARTITION =
            new TreeMap<>(Map.of("sourceClusterAlias", String.class, "targetClusterAlias", String.class));

    private static final Logger log = LoggerFactory.getLogger(MirrorHeartbeatConnector.class);

    private Map<String, String> props;
    private MirrorHeartbeatConfig config;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = MirrorHeartbeatConfig.parse(props);
        log.info("{} heartbeat connector settings (secrets hidden): {}", config.flow(), SecretMasking.masked(props));
        if (config.emitHeartbeatsEnabled()) {
            try (Admin admin = config.targetAdmin()) {
                InternalTopics.ensureCompacted(
                        admin,
                        config.heartbeatsTopic(),
                        config.heartbeatsTopicReplicationFactor(),
                        config.adminTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while creating " + config.heartbeatsTopic(), e);
            } catch (TimeoutException e) {
                throw new ConnectException(
                        "Creating " + config.heartbeatsTopic() + " on the target timed out after "
                                + config.adminTimeout() + "; is the target reachable?",
                        e);
            }
        }
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return config.emitHeartbeatsEnabled() ? List.of(props) : List.of();
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MirrorHeartbeatTask.class;
    }

    @Override
    public void stop() {}

    /** Its heartbeats are written in transactions on an exactly-once worker; it has no source position to lose. */
    /**
     * Offsets changed through Connect's REST API (KIP-875): this connector keeps no position (every record carries
     * offset 0), so as MirrorMaker 2 it takes only offset 0 or a reset, for partitions shaped as {@code {"sourceClusterAlias": ..., "targetClusterAlias": ...}}.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        ZeroOnlyOffsets.problem(offsets, HEARTBEAT_PARTITION, "the heartbeat connector")
                .ifPresent(problem -> {
                    throw BadOffsets.refused(problem);
                });
        return true;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new Config(
                new ArrayList<>(MirrorHeartbeatConfig.validate(connectorConfigs).values()));
    }

    @Override
    public ConfigDef config() {
        return MirrorHeartbeatConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
