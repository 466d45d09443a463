package dev.tandem.checkpoint;

import dev.tandem.common.config.ConfigErrors;
import dev.tandem.common.config.MirrorConnectorConfig;
import dev.tandem.common.config.ReplicationFactor;
import dev.tandem.common.filter.GroupFilter;
import dev.tandem.common.filter.Mm2Filters;
import dev.tandem.common.filter.RegexList;
import dev.tandem.common.filter.TopicFilter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Settings of the checkpoint connector: MirrorMaker 2's keys with MM2's meaning, with Tandem's shorter default
 * intervals (5 s where MM2 waits 60 or 600 s).
 */
public final class MirrorCheckpointConfig extends MirrorConnectorConfig {

    public static final String GROUPS = GroupFilter.GROUPS_CONFIG;
    public static final String GROUPS_EXCLUDE = GroupFilter.GROUPS_EXCLUDE_CONFIG;
    public static final String TOPICS = TopicFilter.TOPICS_CONFIG;
    public static final String TOPICS_EXCLUDE = TopicFilter.TOPICS_EXCLUDE_CONFIG;
    public static final String REFRESH_GROUPS_ENABLED = "refresh.groups.enabled";
    public static final String REFRESH_GROUPS_INTERVAL_SECONDS = "refresh.groups.interval.seconds";
    public static final String EMIT_CHECKPOINTS_ENABLED = "emit.checkpoints.enabled";
    public static final String EMIT_CHECKPOINTS_INTERVAL_SECONDS = "emit.checkpoints.interval.seconds";
    public static final String SYNC_GROUP_OFFSETS_ENABLED = "sync.group.offsets.enabled";
    public static final String SYNC_GROUP_OFFSETS_INTERVAL_SECONDS = "sync.group.offsets.interval.seconds";
    public static final String CHECKPOINTS_TOPIC_REPLICATION_FACTOR = "checkpoints.topic.replication.factor";

    static final ConfigDef CONFIG_DEF = configDef();

    private final GroupFilter groupFilter;
    private final TopicFilter topicFilter;

    public MirrorCheckpointConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.groupFilter = Mm2Filters.groupFilter(
                getString(Mm2Filters.GROUP_FILTER_CLASS),
                originals(),
                () -> GroupFilter.of(getList(GROUPS), getList(GROUPS_EXCLUDE)));
        this.topicFilter = Mm2Filters.topicFilter(
                getString(Mm2Filters.TOPIC_FILTER_CLASS),
                originals(),
                () -> TopicFilter.of(getList(TOPICS), getList(TOPICS_EXCLUDE)));
    }

    /** The source connector's key: when it is false, nothing writes the syncs this connector translates with. */
    public static final String EMIT_OFFSET_SYNCS_ENABLED = "emit.offset-syncs.enabled";

    public static Map<String, ConfigValue> validate(Map<String, String> props) {
        Map<String, ConfigValue> values = MirrorConnectorConfig.validateFlow(CONFIG_DEF, props);
        String offsetSyncs = props.get(EMIT_OFFSET_SYNCS_ENABLED);
        boolean translating = !"false"
                        .equalsIgnoreCase(String.valueOf(props.get(EMIT_CHECKPOINTS_ENABLED))
                                .trim())
                || "true"
                        .equalsIgnoreCase(String.valueOf(props.get(SYNC_GROUP_OFFSETS_ENABLED))
                                .trim());
        if (offsetSyncs != null && "false".equalsIgnoreCase(offsetSyncs.trim()) && translating) {
            // As MirrorMaker 2 (KIP-1031): without syncs every translation would be missing, silently.
            ConfigErrors.addError(
                    values,
                    EMIT_OFFSET_SYNCS_ENABLED,
                    "the checkpoint connector cannot translate offsets without offset syncs; remove this connector,"
                            + " or set emit.offset-syncs.enabled=true on the flow's source connector");
        }
        return values;
    }

    public static MirrorCheckpointConfig parse(Map<String, String> props) {
        ConfigErrors.throwIfAny("checkpoint connector", validate(props));
        return new MirrorCheckpointConfig(props);
    }

    public static ConfigDef configDefinition() {
        return CONFIG_DEF;
    }

    private static ConfigDef configDef() {
        ConfigDef def = baseConfigDef();
        defineSourceCluster(def);
        defineTargetCluster(def);
        defineOffsetSyncsLocation(def);
        String groups = "Groups";
        Mm2Filters.defineGroupFilterClass(def, groups, 5);
        Mm2Filters.defineTopicFilterClass(def, groups, 6);
        return def.define(
                        GROUPS,
                        Type.LIST,
                        GroupFilter.GROUPS_DEFAULT,
                        RegexList.validator(),
                        Importance.HIGH,
                        "Consumer groups whose offsets are translated: comma-separated names and regexes.",
                        groups,
                        1,
                        ConfigDef.Width.LONG,
                        "Groups")
                .define(
                        GROUPS_EXCLUDE,
                        Type.LIST,
                        GroupFilter.GROUPS_EXCLUDE_DEFAULT,
                        RegexList.validator(),
                        Importance.HIGH,
                        "Consumer groups never translated; excludes win over includes.",
                        groups,
                        2,
                        ConfigDef.Width.LONG,
                        "Excluded groups")
                .define(
                        TOPICS,
                        Type.LIST,
                        TopicFilter.TOPICS_DEFAULT,
                        RegexList.validator(),
                        Importance.MEDIUM,
                        "Topics whose committed offsets are translated; set it as on the source connector of the flow.",
                        groups,
                        3,
                        ConfigDef.Width.LONG,
                        "Topics")
                .define(
                        TOPICS_EXCLUDE,
                        Type.LIST,
                        TopicFilter.TOPICS_EXCLUDE_DEFAULT,
                        RegexList.validator(),
                        Importance.MEDIUM,
                        "Topics whose offsets are never translated.",
                        groups,
                        4,
                        ConfigDef.Width.LONG,
                        "Excluded topics")
                .define(
                        REFRESH_GROUPS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether new consumer groups on the source are discovered while running.",
                        groups,
                        5,
                        ConfigDef.Width.SHORT,
                        "Discover groups")
                .define(
                        REFRESH_GROUPS_INTERVAL_SECONDS,
                        Type.LONG,
                        5L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Seconds between two discoveries of consumer groups (MirrorMaker 2 waits 600).",
                        groups,
                        6,
                        ConfigDef.Width.SHORT,
                        "Group discovery interval")
                .define(
                        EMIT_CHECKPOINTS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether translated offsets are written to '<source>.checkpoints.internal' on the target.",
                        groups,
                        7,
                        ConfigDef.Width.SHORT,
                        "Write checkpoints")
                .define(
                        EMIT_CHECKPOINTS_INTERVAL_SECONDS,
                        Type.LONG,
                        5L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Seconds between two rounds of checkpoints (MirrorMaker 2 waits 60).",
                        groups,
                        8,
                        ConfigDef.Width.SHORT,
                        "Checkpoint interval")
                .define(
                        SYNC_GROUP_OFFSETS_ENABLED,
                        Type.BOOLEAN,
                        false,
                        Importance.MEDIUM,
                        "Whether translated offsets are also committed into the target's consumer groups, so a group"
                                + " can fail over by just starting there. Groups with active members on the target are"
                                + " never touched, and a committed offset never moves backwards.",
                        groups,
                        9,
                        ConfigDef.Width.SHORT,
                        "Sync group offsets")
                .define(
                        SYNC_GROUP_OFFSETS_INTERVAL_SECONDS,
                        Type.LONG,
                        5L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Seconds between two syncs of group offsets (MirrorMaker 2 waits 60).",
                        groups,
                        10,
                        ConfigDef.Width.SHORT,
                        "Group offset sync interval")
                .define(
                        CHECKPOINTS_TOPIC_REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) -1,
                        ReplicationFactor.validator(),
                        Importance.LOW,
                        "Replication factor of the checkpoints topic; -1 uses the target's default.replication.factor.");
    }

    public GroupFilter groupFilter() {
        return groupFilter;
    }

    public TopicFilter topicFilter() {
        return topicFilter;
    }

    public boolean refreshGroupsEnabled() {
        return getBoolean(REFRESH_GROUPS_ENABLED);
    }

    public Duration refreshGroupsInterval() {
        return Duration.ofSeconds(getLong(REFRESH_GROUPS_INTERVAL_SECONDS));
    }

    public boolean emitCheckpointsEnabled() {
        return getBoolean(EMIT_CHECKPOINTS_ENABLED);
    }

    public Duration emitCheckpointsInterval() {
        return Duration.ofSeconds(getLong(EMIT_CHECKPOINTS_INTERVAL_SECONDS));
    }

    public boolean syncGroupOffsetsEnabled() {
        return getBoolean(SYNC_GROUP_OFFSETS_ENABLED);
    }

    public Duration syncGroupOffsetsInterval() {
        return Duration.ofSeconds(getLong(SYNC_GROUP_OFFSETS_INTERVAL_SECONDS));
    }

    public Optional<Short> checkpointsTopicReplicationFactor() {
        return ReplicationFactor.of(getShort(CHECKPOINTS_TOPIC_REPLICATION_FACTOR));
    }

    /** Where the checkpoints go on the target: {@code <source>.checkpoints.internal}. */
    public String checkpointsTopic() {
        return replicationPolicy().checkpointsTopic(sourceClusterAlias());
    }

    /** Syncs of this flow (source->target), for translating source offsets forward. */
    public String forwardOffsetSyncsTopic() {
        return replicationPolicy().offsetSyncsTopic(targetClusterAlias());
    }

    /** Syncs of the opposite flow (target->source), for failing groups back to the target's own topics. */
    public String reverseOffsetSyncsTopic() {
        return replicationPolicy().offsetSyncsTopic(sourceClusterAlias());
    }

    /**
     * Client settings of the cluster that holds this flow's syncs: the source when
     * {@code offset-syncs.topic.location=source}, else the target.
     */
    public Map<String, Object> forwardOffsetSyncsConsumerConfig() {
        return offsetSyncsOnTarget() ? targetConsumerConfig() : sourceConsumerConfig();
    }

    /** The opposite flow writes its syncs to its own source (our target) with the same location setting. */
    public Map<String, Object> reverseOffsetSyncsConsumerConfig() {
        return offsetSyncsOnTarget() ? sourceConsumerConfig() : targetConsumerConfig();
    }
}
