package dev.tandem.heartbeat;

import dev.tandem.common.admin.InternalTopics;
import dev.tandem.common.config.SecretMasking;
import dev.tandem.common.offsets.BadOffsets;
import dev.tandem.common.offsets.ZeroOnlyOffsets;
import dev.tandem.common.runtime.PeriodicJobs;
import dev.tandem.common.runtime.TandemVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
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

    /** How often a heartbeats topic that could not be made at start is tried again. */
    private static final Duration TOPIC_RETRY_INTERVAL = Duration.ofSeconds(10);

    private Map<String, String> props;
    private MirrorHeartbeatConfig config;
    private volatile boolean topicReady;
    private volatile PeriodicJobs jobs;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = MirrorHeartbeatConfig.parse(props);
        log.info("{} heartbeat connector settings (secrets hidden): {}", config.flow(), SecretMasking.masked(props));
        if (config.emitHeartbeatsEnabled() && !createTopicNow()) {
            // An unreachable target must not fail the connector: Connect would log an ERROR, restart it, and the
            // heartbeats would stop until someone restarts it by hand. Retry in the background instead.
            jobs = new PeriodicJobs(config.flow() + ".heartbeat");
            jobs.every("heartbeats topic", TOPIC_RETRY_INTERVAL, () -> {
                if (!topicReady) {
                    createTopic();
                }
            });
        }
    }

    private boolean createTopicNow() {
        try {
            return createTopic();
        } catch (InterruptedException e) {
            // Connect interrupts a start only to stop the connector; the job below must not be left behind.
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Creates the heartbeats topic on the target if it is missing; false, with a warning, when that failed. */
    private boolean createTopic() throws InterruptedException {
        try (Admin admin = config.targetAdmin()) {
            InternalTopics.ensureCompacted(
                    admin, config.heartbeatsTopic(), config.heartbeatsTopicReplicationFactor(), config.adminTimeout());
            topicReady = true;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (TimeoutException | RuntimeException e) {
            log.warn(
                    "{}: cannot create {} on the target yet (is it reachable?), retrying every {}: {}",
                    config.flow(),
                    config.heartbeatsTopic(),
                    TOPIC_RETRY_INTERVAL,
                    e.toString());
            return false;
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
    public void stop() {
        PeriodicJobs running = jobs;
        jobs = null;
        if (running != null) {
            running.close(Duration.ofSeconds(2));
        }
    }

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

    /** Its heartbeats are written in transactions on an exactly-once worker; it has no source position to lose. */
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
