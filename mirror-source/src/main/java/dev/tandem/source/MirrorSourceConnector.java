package dev.tandem.source;

import dev.tandem.common.admin.InternalTopics;
import dev.tandem.common.config.SecretMasking;
import dev.tandem.common.filter.TopicSelector;
import dev.tandem.common.runtime.PeriodicJobs;
import dev.tandem.common.runtime.QuickStop;
import dev.tandem.common.runtime.TandemVersion;
import dev.tandem.source.acls.AclSync;
import dev.tandem.source.assign.AssignmentLog;
import dev.tandem.source.assign.PartitionAssigner;
import dev.tandem.source.copy.CopyPath;
import dev.tandem.source.offsets.AlteredOffsets;
import dev.tandem.source.topics.RemoteTopicCreator;
import dev.tandem.source.topics.SourceTopicScanner;
import dev.tandem.source.topics.TopicConfigSync;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the selected topics of the source cluster into remote topics on the target, one flow {@code A->B}.
 *
 * <p>The connector itself keeps the target's layout right (topics, partitions, configs, ACLs) and hands source
 * partitions to tasks; {@link MirrorSourceTask} copies the records. Discovery, config sync and ACL sync run as
 * background jobs on one thread; a partition goes to a task only once its remote partition exists.
 */
public class MirrorSourceConnector extends SourceConnector {

    private static final Logger log = LoggerFactory.getLogger(MirrorSourceConnector.class);
    /** Kafka refuses longer topic names. */
    private static final int MAX_TOPIC_NAME_LENGTH = 249;

    private Map<String, String> props;
    private MirrorSourceConfig config;
    private Admin sourceAdmin;
    private Admin targetAdmin;
    private TopicSelector selector;
    private SourceTopicScanner scanner;
    private RemoteTopicCreator creator;
    private TopicConfigSync configSync;
    private AclSync aclSync;
    private PeriodicJobs jobs;
    /** Whether one discovery succeeded; with refresh.topics.enabled=false that one is all there is. */
    private volatile boolean discovered;

    /** Which task copies which partition, kept in the assignments topic; guarded by this. */
    private AssignmentLog assignments;
    /** The task count of the last task configs; 0 before the first. Guarded by this. */
    private int taskCount;
    /** Whether the assignments topic is behind what the connector decided (a write failed). Guarded by this. */
    private boolean assignmentsBehind;
    /** Source partitions whose remote partition exists; guarded by this. */
    private Set<TopicPartition> readyPartitions = Set.of();

    private Set<String> replacedRemotes = Set.of();
    /** Source topic to remote topic, of the topics currently copied; guarded by this. */
    private Map<String, String> remoteBySource = Map.of();
    /** The topic id of each source topic currently copied, as the tasks get it; guarded by this. */
    private Map<String, Uuid> sourceTopicIds = Map.of();
    /** Source topics whose remote name is too long, reported once each. */
    private final Set<String> namesTooLong = new HashSet<>();

    @Override
    public void start(Map<String, String> props) {
        this.props = Map.copyOf(props);
        this.config = MirrorSourceConfig.parse(props);
        log.info("Starting source connector {} for {}", config.flow(), config.topicFilterDescription());
        log.info("{} source connector settings (secrets hidden): {}", config.flow(), SecretMasking.masked(props));
        log.info(
                "{}: copy path {}",
                config.flow(),
                CopyPath.choose(config.copyPath(), props, config.emitPositionsEnabled()));
        try {
            sourceAdmin = config.sourceAdmin();
            targetAdmin = config.targetAdmin();
            selector = new TopicSelector(
                    config.sourceClusterAlias(),
                    config.targetClusterAlias(),
                    config.replicationPolicy(),
                    config.topicFilter(),
                    config.heartbeatsReplicationEnabled());
            scanner = new SourceTopicScanner(sourceAdmin, selector, config.adminTimeout());
            creator = new RemoteTopicCreator(targetAdmin, config.replicationFactor(), config.adminTimeout());
            configSync =
                    new TopicConfigSync(sourceAdmin, targetAdmin, config.configPropertyFilter(), config.adminTimeout());
            aclSync = new AclSync(sourceAdmin, targetAdmin, config.adminTimeout());
            assignments = new AssignmentLog(
                    config.assignmentsTopic(),
                    config.connectorName(),
                    config.targetProducerConfig(),
                    config.targetConsumerConfig(),
                    config.adminTimeout());
            jobs = new PeriodicJobs(config.flow() + ".source");
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        // Discovery runs once before the first taskConfigs call when it can; if a cluster is down it is retried.
        try {
            setUpInternalTopics();
            refreshTopics(false);
            discovered = true;
        } catch (Exception e) {
            log.warn(
                    "{}: first topic discovery failed, retrying every {}: {}",
                    config.flow(),
                    config.refreshTopicsInterval(),
                    e.toString());
        }
        jobs.every("topic discovery", config.refreshTopicsInterval(), () -> {
            if (!discovered) {
                setUpInternalTopics();
                refreshTopics(true);
                discovered = true;
            } else if (config.refreshTopicsEnabled()) {
                refreshTopics(true);
            }
        });
        if (config.syncTopicConfigsEnabled()) {
            jobs.every(
                    "topic config sync",
                    config.syncTopicConfigsInterval(),
                    () -> configSync.syncNextBatch(remoteTopics()));
        }
        if (config.syncTopicAclsEnabled()) {
            jobs.every("topic ACL sync", config.syncTopicAclsInterval(), () -> aclSync.sync(remoteTopics()));
        }
    }

    private void setUpInternalTopics() throws Exception {
        InternalTopics.ensureCompacted(
                targetAdmin,
                config.assignmentsTopic(),
                config.positionsReplicationFactor(),
                Map.of("segment.ms", "600000"),
                config.adminTimeout());
        synchronized (this) {
            assignments.load();
        }
        if (config.emitPositionsEnabled()) {
            // Starting tasks read this topic whole: short segments let compaction keep it to about one record a
            // partition.
            InternalTopics.ensureCompacted(
                    targetAdmin,
                    config.positionsTopic(),
                    config.positionsReplicationFactor(),
                    Map.of("segment.ms", "600000"),
                    config.adminTimeout());
        }
        if (config.emitOffsetSyncsEnabled()) {
            InternalTopics.ensureCompacted(
                    config.offsetSyncsOnTarget() ? targetAdmin : sourceAdmin,
                    config.offsetSyncsTopic(),
                    config.offsetSyncsReplicationFactor(),
                    config.adminTimeout());
        }
    }

    /** Finds new topics and partitions, makes their remote copies, and reassigns tasks when anything changed. */
    void refreshTopics(boolean reconfigureOnChange) throws Exception {
        Map<String, Integer> sourcePartitions = scanner.scan();
        Map<String, Uuid> ids = scanner.topicIds();
        Map<String, String> remotes = new HashMap<>();
        Map<String, Integer> wanted = new HashMap<>();
        for (Iterator<Map.Entry<String, Integer>> it =
                        sourcePartitions.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, Integer> source = it.next();
            String remote = selector.remoteTopic(source.getKey());
            if (remote.length() > MAX_TOPIC_NAME_LENGTH) {
                it.remove();
                if (namesTooLong.add(source.getKey())) {
                    log.error(
                            "{}: source topic {} cannot be copied: its remote name {} would be {} characters, over"
                                    + " Kafka's limit of {}. Exclude it with 'topics.exclude', or shorten the topic name or the"
                                    + " cluster alias.",
                            config.flow(),
                            source.getKey(),
                            remote,
                            remote.length(),
                            MAX_TOPIC_NAME_LENGTH);
                }
                continue;
            }
            remotes.put(source.getKey(), remote);
            wanted.put(remote, source.getValue());
        }
        Map<String, String> sourceByRemote = new HashMap<>();
        remotes.forEach((source, remote) -> sourceByRemote.put(remote, source));
        Set<String> readyRemotes = creator.ensure(wanted, newRemotes -> {
            Map<String, String> subset = new HashMap<>();
            newRemotes.forEach(remote -> subset.put(sourceByRemote.get(remote), remote));
            Map<String, Map<String, String>> bySource =
                    config.syncTopicConfigsEnabled() ? configSync.sourceConfigs(subset.keySet()) : Map.of();
            Map<String, Map<String, String>> byRemote = new HashMap<>();
            bySource.forEach((source, configs) -> byRemote.put(subset.get(source), configs));
            return byRemote;
        });

        Set<TopicPartition> ready = new HashSet<>();
        Map<String, String> copied = new HashMap<>();
        sourcePartitions.forEach((topic, count) -> {
            if (readyRemotes.contains(remotes.get(topic))) {
                copied.put(topic, remotes.get(topic));
                for (int p = 0; p < count; p++) {
                    ready.add(new TopicPartition(topic, p));
                }
            }
        });
        Set<String> replaced = creator.replaced();
        boolean replacedChanged;
        Map<String, Uuid> copiedIds = new HashMap<>();
        copied.keySet().forEach(topic -> copiedIds.put(topic, ids.getOrDefault(topic, Uuid.ZERO_UUID)));
        synchronized (this) {
            boolean changed = !ready.equals(readyPartitions) || !copiedIds.equals(sourceTopicIds);
            sourceTopicIds.forEach((topic, before) -> {
                Uuid now = copiedIds.get(topic);
                if (now != null && !now.equals(before)) {
                    log.warn(
                            "{}: source topic {} was deleted and made again (topic id {}, now {}); its copy {} keeps"
                                    + " the old topic's records and the new topic's follow them from its first record",
                            config.flow(),
                            topic,
                            before,
                            now,
                            copied.get(topic));
                }
            });
            if (!copiedIds.equals(sourceTopicIds)) {
                sourceTopicIds = Map.copyOf(copiedIds);
            }
            replacedChanged = !replaced.equals(replacedRemotes);
            replacedRemotes = replaced;
            if (changed) {
                log.info(
                        "{}: copying {} partitions of {} topics (was {} partitions)",
                        config.flow(),
                        ready.size(),
                        copied.size(),
                        readyPartitions.size());
            }
            for (Map.Entry<String, String> gone : remoteBySource.entrySet()) {
                if (!sourcePartitions.containsKey(gone.getKey())) {
                    log.warn(
                            "{}: source topic {} is no longer on {} (deleted, or no longer selected by 'topics' /"
                                    + " 'topics.exclude'); copying it stops. Its copy {} stays on {} with the records copied so"
                                    + " far.",
                            config.flow(),
                            gone.getKey(),
                            config.sourceClusterAlias(),
                            gone.getValue(),
                            config.targetClusterAlias());
                }
            }
            if (changed) { // only then: copying 10,000 partitions every refresh showed in the idle profile
                readyPartitions = Set.copyOf(ready);
            }
            if (!copied.equals(remoteBySource)) {
                remoteBySource = Map.copyOf(copied);
            }
            if ((changed || assignmentsBehind) && taskCount > 0) {
                // Running tasks follow the assignments topic: no new task configs, no task restarted.
                publishAssignments(taskCount);
            }
        }
        if (replacedChanged && reconfigureOnChange) {
            // Only the tasks copying into a replaced topic get a new config (see taskConfigs).
            context.requestTaskReconfiguration();
        }
    }

    /** Assigns the ready partitions over {@code count} tasks and writes what changed. Holds this. */
    private void publishAssignments(int count) {
        Map<TopicPartition, Integer> next =
                PartitionAssigner.assign(assignments.current(), assignments.currentTaskCount(), readyPartitions, count);
        try {
            int written = assignments.publish(next, count, sourceTopicIds);
            assignmentsBehind = false;
            if (written > 0) {
                log.info(
                        "{}: {} partitions over {} tasks; {} topic assignments written to {}",
                        config.flow(),
                        next.size(),
                        count,
                        written,
                        config.assignmentsTopic());
            }
        } catch (Exception e) {
            assignmentsBehind = true;
            log.warn(
                    "{}: cannot write the task assignments to {} ({}); tasks keep their partitions, new partitions"
                            + " wait, and the write is tried again at the next discovery",
                    config.flow(),
                    config.assignmentsTopic(),
                    e.toString());
        }
    }

    private synchronized Map<String, String> remoteTopics() {
        return remoteBySource;
    }

    /**
     * One config per task, {@code tasks.max} of them whatever the partition count, each naming only the task's index
     * and the task count: a task reads its partitions from the assignments topic, so a config never grows with the
     * partitions and a new topic changes no config. A remote topic replaced on the target is the exception: it goes
     * into the configs of the tasks copying into it, which Connect then restarts to copy it again.
     */
    @Override
    public synchronized List<Map<String, String>> taskConfigs(int maxTasks) {
        taskCount = maxTasks;
        if (discovered) {
            // Before a first discovery the ready partitions are unknown, not none: the tasks keep what the
            // assignments topic holds until discovery writes the new layout.
            publishAssignments(maxTasks);
        }
        Map<TopicPartition, Integer> taskOf = assignments.current();
        List<Set<String>> replacedByTask = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            replacedByTask.add(new HashSet<>());
        }
        if (!replacedRemotes.isEmpty()) {
            taskOf.forEach((tp, task) -> {
                String remote = config.replicationPolicy().formatRemoteTopic(config.sourceClusterAlias(), tp.topic());
                if (task >= 0 && task < maxTasks && replacedRemotes.contains(remote)) {
                    replacedByTask.get(task).add(remote);
                }
            });
        }
        List<Map<String, String>> taskConfigs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            taskConfigs.add(MirrorSourceTaskConfig.forTask(props, i, maxTasks, replacedByTask.get(i)));
        }
        return taskConfigs;
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MirrorSourceTask.class;
    }

    @Override
    public void stop() {
        // Within Connect's 5 s for a connector's stop, even when a cluster does not answer (see QuickStop).
        QuickStop.close(jobs, "source connector jobs");
        if (assignments != null) {
            Utils.closeQuietly(() -> assignments.close(QuickStop.EACH), "assignments log");
        }
        QuickStop.close(sourceAdmin, "source admin client");
        QuickStop.close(targetAdmin, "target admin client");
    }

    /**
     * Exactly-once (KIP-618) holds when the source is read {@code read_committed}, the default: an exactly-once
     * worker then writes each poll's records and their source offsets in one transaction on the target. Reading
     * uncommitted records could copy a transaction the source later aborts.
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        Object isolation = MirrorSourceConfig.parse(connectorConfig)
                .sourceConsumerConfig()
                .get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        return isolation == null || "read_committed".equals(String.valueOf(isolation))
                ? ExactlyOnceSupport.SUPPORTED
                : ExactlyOnceSupport.UNSUPPORTED;
    }

    /**
     * Offsets changed through Connect's REST API (KIP-875) on the stopped connector: checked as MirrorMaker 2 checks
     * them, and written to the positions topic too, so that a starting task, which also looks there, resumes where
     * the change says rather than at an older position.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        Map<TopicPartition, Long> changes = AlteredOffsets.parse(offsets);
        MirrorSourceConfig flow = MirrorSourceConfig.parse(connectorConfig);
        if (flow.emitPositionsEnabled() && !changes.isEmpty()) {
            AlteredOffsets.record(changes, flow.positionsTopic(), flow.targetProducerConfig(), flow.adminTimeout());
            log.info(
                    "{}: source offsets changed through Connect's REST API for {} partitions; recorded in {}",
                    flow.flow(),
                    changes.size(),
                    flow.positionsTopic());
        }
        return true;
    }

    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        return new Config(
                new ArrayList<>(MirrorSourceConfig.validate(connectorConfigs).values()));
    }

    @Override
    public ConfigDef config() {
        return MirrorSourceConfig.configDefinition();
    }

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
