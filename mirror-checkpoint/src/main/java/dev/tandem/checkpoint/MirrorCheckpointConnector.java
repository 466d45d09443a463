package dev.tandem.checkpoint;

import dev.tandem.checkpoint.groups.GroupShare;
import dev.tandem.common.admin.InternalTopics;
import dev.tandem.common.config.SecretMasking;
import dev.tandem.common.offsets.BadOffsets;
import dev.tandem.common.offsets.ZeroOnlyOffsets;
import dev.tandem.common.runtime.PeriodicJobs;
import dev.tandem.common.runtime.QuickStop;
import dev.tandem.common.runtime.TandemVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates consumer group offsets of one flow {@code A->B}: creates {@code <source>.checkpoints.internal} on the
 * target and runs {@code tasks.max} {@link MirrorCheckpointTask}s, which find the source's groups and translate their
 * offsets.
 */
public class MirrorCheckpointConnector extends SourceConnector {

    /** The keys of a checkpoint record's source partition, as MirrorMaker 2 writes them. */
    private static final Map<String, Class<?>> CHECKPOINT_PARTITION = orderedKeys("group", "topic", "partition");

    private static final Logger log = LoggerFactory.getLogger(MirrorCheckpointConnector.class);

    private Map<String, String> props;
    private MirrorCheckpointConfig config;
    private Admin targetAdmin;
    private PeriodicJobs jobs;
    private volatile boolean topicReady;

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = MirrorCheckpointConfig.parse(props);
        log.info("{} checkpoint connector settings (secrets hidden): {}", config.flow(), SecretMasking.masked(props));
        try {
            targetAdmin = config.targetAdmin();
            jobs = new PeriodicJobs(config.flow() + ".checkpoint");
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        try {
            setUp();
        } catch (Exception e) {
            log.warn(
                    "{}: cannot create the checkpoints topic yet, retrying every {}: {}",
                    config.flow(),
                    config.refreshGroupsInterval(),
                    e.toString());
            jobs.every("checkpoints topic", config.refreshGroupsInterval(), this::setUp);
        }
    }

    private void setUp() throws Exception {
        if (config.emitCheckpointsEnabled() && !topicReady) {
            InternalTopics.ensureCompacted(
                    targetAdmin,
                    config.checkpointsTopic(),
                    config.checkpointsTopicReplicationFactor(),
                    config.adminTimeout());
            topicReady = true;
        }
    }

    /**
     * {@code tasks.max} tasks, each with only its index and the task count: the tasks list the groups themselves and
     * keep their {@link GroupShare}, so a new group changes no task config and restarts no task. None when neither
     * checkpoints nor group offset sync are asked for.
     */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (!config.emitCheckpointsEnabled() && !config.syncGroupOffsetsEnabled()) {
            return List.of();
        }
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(MirrorCheckpointTaskConfig.forTask(props, i, maxTasks));
        }
        return configs;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MirrorCheckpointTask.class;
    }

    @Override
    public void stop() {
        // Within Connect's 5 s for a connector's stop, even when a cluster does not answer (see QuickStop).
        QuickStop.close(jobs, "checkpoint connector jobs");
        QuickStop.close(targetAdmin, "target admin client");
    }

    /** Its checkpoints are written in transactions on an exactly-once worker; it has no source position to lose. */
    /**
     * Offsets changed through Connect's REST API (KIP-875): this connector keeps no position (every record carries
     * offset 0), so as MirrorMaker 2 it takes only offset 0 or a reset, for partitions shaped as {@code {"group": ..., "topic": ..., "partition": N}}.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        ZeroOnlyOffsets.problem(offsets, CHECKPOINT_PARTITION, "the checkpoint connector")
                .ifPresent(problem -> {
                    throw BadOffsets.refused(problem);
                });
        return true;
    }

    private static Map<String, Class<?>> orderedKeys(String group, String topic, String partition) {
        Map<String, Class<?>> keys = new LinkedHashMap<>();
        keys.put(group, String.class);
        keys.put(topic, String.class);
        keys.put(partition, Integer.class);
        return keys;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new Config(new ArrayList<>(
                MirrorCheckpointConfig.validate(connectorConfigs).values()));
    }

    @Override
    public ConfigDef config() {
        return MirrorCheckpointConfig.configDefinition();
    }

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
