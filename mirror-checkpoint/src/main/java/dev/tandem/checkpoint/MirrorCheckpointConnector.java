package dev.tandem.checkpoint;

import dev.tandem.common.admin.InternalTopics;
import dev.tandem.common.config.SecretMasking;
import dev.tandem.common.runtime.PeriodicJobs;
import dev.tandem.common.runtime.TandemVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates consumer group offsets of one flow {@code A->B}: finds the source's consumer groups, spreads them over
 * tasks, and creates {@code <source>.checkpoints.internal} on the target. {@link MirrorCheckpointTask} does the
 * translating.
 */
public class MirrorCheckpointConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(MirrorCheckpointConnector.class);

    private Map<String, String> props;
    private MirrorCheckpointConfig config;
    private Admin sourceAdmin;
    private Admin targetAdmin;
    private PeriodicJobs jobs;
    /** Groups to translate, sorted; guarded by this. */
    private List<String> groups = List.of();

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = MirrorCheckpointConfig.parse(props);
        log.info("{} checkpoint connector settings (secrets hidden): {}", config.flow(), SecretMasking.masked(props));
        try {
            sourceAdmin = Admin.create(config.sourceAdminConfig());
            targetAdmin = Admin.create(config.targetAdminConfig());
            jobs = new PeriodicJobs(config.flow() + ".checkpoint");
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        try {
            setUp();
            refreshGroups(false);
        } catch (Exception e) {
            log.warn(
                    "{}: first group discovery failed, retrying every {}: {}",
                    config.flow(),
                    config.refreshGroupsInterval(),
                    e.toString());
        }
        jobs.every("group discovery", config.refreshGroupsInterval(), () -> {
            setUp();
            if (config.refreshGroupsEnabled() || groupsSnapshot().isEmpty()) {
                refreshGroups(true);
            }
        });
    }

    private void setUp() throws Exception {
        if (config.emitCheckpointsEnabled()) {
            InternalTopics.ensureCompacted(
                    targetAdmin,
                    config.checkpointsTopic(),
                    config.checkpointsTopicReplicationFactor(),
                    config.adminTimeout());
        }
    }

    // listConsumerGroups() is deprecated for removal in 4.x, but its successor listGroups() needs 4.0 clients and the
    // plugin runs on the worker's kafka-clients, 3.x included.
    @SuppressWarnings({"deprecation", "removal"})
    private void refreshGroups(boolean reconfigureOnChange) throws Exception {
        Collection<ConsumerGroupListing> listings =
                sourceAdmin.listConsumerGroups().all().get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
        TreeSet<String> found = new TreeSet<>();
        for (ConsumerGroupListing listing : listings) {
            if (config.groupFilter().shouldReplicateGroup(listing.groupId())) {
                found.add(listing.groupId());
            }
        }
        List<String> sorted = List.copyOf(found);
        boolean changed;
        synchronized (this) {
            changed = !sorted.equals(groups);
            if (changed) {
                log.info(
                        "{}: translating offsets of {} consumer group(s) (was {})",
                        config.flow(),
                        sorted.size(),
                        groups.size());
            }
            groups = sorted;
        }
        if (changed && reconfigureOnChange) {
            context.requestTaskReconfiguration();
        }
    }

    private synchronized List<String> groupsSnapshot() {
        return groups;
    }

    @Override
    public synchronized List<Map<String, String>> taskConfigs(int maxTasks) {
        if (groups.isEmpty() || !config.emitCheckpointsEnabled() && !config.syncGroupOffsetsEnabled()) {
            return List.of();
        }
        int taskCount = Math.min(maxTasks, groups.size());
        List<List<String>> assigned = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) {
            assigned.add(new ArrayList<>());
        }
        for (int i = 0; i < groups.size(); i++) {
            assigned.get(i % taskCount).add(groups.get(i));
        }
        List<Map<String, String>> configs = new ArrayList<>();
        for (List<String> taskGroups : assigned) {
            configs.add(MirrorCheckpointTaskConfig.forTask(props, taskGroups));
        }
        return configs;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MirrorCheckpointTask.class;
    }

    @Override
    public void stop() {
        Utils.closeQuietly(jobs, "checkpoint connector jobs");
        Utils.closeQuietly(sourceAdmin, "source admin client");
        Utils.closeQuietly(targetAdmin, "target admin client");
    }

    /** Its checkpoints are written in transactions on an exactly-once worker; it has no source position to lose. */
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
