package dev.tandem.source;

import dev.tandem.common.config.ConfigErrors;
import dev.tandem.common.config.MirrorConnectorConfig;
import dev.tandem.common.config.ReplicationFactor;
import dev.tandem.common.filter.Mm2Filters;
import dev.tandem.common.filter.RegexList;
import dev.tandem.common.filter.TopicFilter;
import dev.tandem.source.copy.CopyPath;
import dev.tandem.source.records.OversizedRecords;
import dev.tandem.source.records.UnacknowledgedBytes;
import dev.tandem.source.topics.ConfigPropertyFilter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Settings of the source connector: MirrorMaker 2's keys with MM2's meaning. Defaults differ where MM2's cost
 * users: topics are discovered every 5 s (MM2: 600 s), configs synced every 10 s (MM2: 600 s), replication factors
 * follow the target's {@code default.replication.factor} (MM2 asks for 2 and 3 and fails on smaller clusters), and
 * the source is read {@code read_committed} so aborted transactions are never copied.
 */
public final class MirrorSourceConfig extends MirrorConnectorConfig {

    public static final String TOPICS = TopicFilter.TOPICS_CONFIG;
    public static final String TOPICS_EXCLUDE = TopicFilter.TOPICS_EXCLUDE_CONFIG;
    public static final String REPLICATION_FACTOR = "replication.factor";
    public static final String REFRESH_TOPICS_ENABLED = "refresh.topics.enabled";
    public static final String REFRESH_TOPICS_INTERVAL_SECONDS = "refresh.topics.interval.seconds";
    public static final String SYNC_TOPIC_CONFIGS_ENABLED = "sync.topic.configs.enabled";
    public static final String SYNC_TOPIC_CONFIGS_INTERVAL_SECONDS = "sync.topic.configs.interval.seconds";
    public static final String CONFIG_PROPERTIES_EXCLUDE = "config.properties.exclude";
    public static final String CONFIG_PROPERTIES_EXCLUDE_DEFAULT = "follower\\.replication\\.throttled\\.replicas,"
            + " leader\\.replication\\.throttled\\.replicas, message\\.timestamp\\..*,"
            + " unclean\\.leader\\.election\\.enable, min\\.insync\\.replicas";
    public static final String USE_DEFAULTS_FROM = "use.defaults.from";
    public static final String USE_DEFAULTS_FROM_TARGET = "target";
    public static final String USE_DEFAULTS_FROM_SOURCE = "source";
    public static final String SYNC_TOPIC_ACLS_ENABLED = "sync.topic.acls.enabled";
    public static final String SYNC_TOPIC_ACLS_INTERVAL_SECONDS = "sync.topic.acls.interval.seconds";
    public static final String EMIT_OFFSET_SYNCS_ENABLED = "emit.offset-syncs.enabled";
    public static final String OFFSET_SYNCS_TOPIC_REPLICATION_FACTOR = "offset-syncs.topic.replication.factor";
    public static final String OFFSET_SYNCS_INTERVAL_MS = "offset.syncs.interval.ms";
    public static final String EMIT_POSITIONS_ENABLED = "emit.positions.enabled";
    public static final String OVERSIZED_RECORD_ACTION = "oversized.record.action";
    public static final String POSITIONS_TOPIC_REPLICATION_FACTOR = "positions.topic.replication.factor";
    public static final String HEARTBEATS_REPLICATION_ENABLED = "heartbeats.replication.enabled";
    public static final String OFFSET_LAG_MAX = "offset.lag.max";
    public static final String CONSUMER_POLL_TIMEOUT_MS = "consumer.poll.timeout.ms";
    public static final String IDLE_PARTITION_AFTER_MS = "idle.partition.after.ms";
    public static final String MAX_UNACKNOWLEDGED_BYTES = "max.unacknowledged.bytes";
    public static final long MAX_UNACKNOWLEDGED_BYTES_DEFAULT = 4L * 1024 * 1024;
    public static final String COPY_PATH = "copy.path";
    public static final String TAKEOVER_OFFSETS_TOPIC = "takeover.offsets.topic";
    public static final String TAKEOVER_CONNECTOR_NAME = "takeover.connector.name";
    public static final String TAKEOVER_CONNECTOR_NAME_DEFAULT = "MirrorSourceConnector";

    static final ConfigDef CONFIG_DEF = configDef();

    private final TopicFilter topicFilter;
    private final Optional<Short> replicationFactor;
    private final Optional<Short> offsetSyncsReplicationFactor;
    private final Optional<Short> positionsReplicationFactor;
    private final ConfigPropertyFilter configPropertyFilter;

    public MirrorSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        this.topicFilter = Mm2Filters.topicFilter(
                getString(Mm2Filters.TOPIC_FILTER_CLASS),
                originals(),
                () -> TopicFilter.of(getList(TOPICS), getList(TOPICS_EXCLUDE)));
        this.replicationFactor = ReplicationFactor.of(getShort(REPLICATION_FACTOR));
        this.offsetSyncsReplicationFactor = ReplicationFactor.of(getShort(OFFSET_SYNCS_TOPIC_REPLICATION_FACTOR));
        this.positionsReplicationFactor = ReplicationFactor.of(getShort(POSITIONS_TOPIC_REPLICATION_FACTOR));
        this.configPropertyFilter = ConfigPropertyFilter.of(
                getString(Mm2Filters.CONFIG_PROPERTY_FILTER_CLASS),
                originals(),
                () -> ConfigPropertyFilter.standard(
                        RegexList.compile(CONFIG_PROPERTIES_EXCLUDE, getList(CONFIG_PROPERTIES_EXCLUDE)),
                        USE_DEFAULTS_FROM_SOURCE.equalsIgnoreCase(getString(USE_DEFAULTS_FROM))));
    }

    /** Every problem of {@code props}, per key, as Connect's validate endpoint reports them. */
    public static Map<String, ConfigValue> validate(Map<String, String> props) {
        Map<String, ConfigValue> values = MirrorConnectorConfig.validateFlow(CONFIG_DEF, props);
        ConfigValue copyPath = values.get(COPY_PATH);
        ConfigValue positions = values.get(EMIT_POSITIONS_ENABLED);
        if (copyPath != null
                && copyPath.errorMessages().isEmpty()
                && copyPath.value() != null
                && positions != null
                && positions.value() instanceof Boolean positionsEnabled) {
            String conflict = CopyPath.conflict(String.valueOf(copyPath.value()), props, positionsEnabled);
            if (conflict != null) {
                ConfigErrors.addError(values, COPY_PATH, conflict);
            }
        }
        return values;
    }

    /** Parses {@code props}, failing with every problem listed when any key is invalid. */
    public static MirrorSourceConfig parse(Map<String, String> props) {
        ConfigErrors.throwIfAny("source connector", validate(props));
        return new MirrorSourceConfig(props);
    }

    private static ConfigDef configDef() {
        ConfigDef def = baseConfigDef();
        defineSourceCluster(def);
        defineTargetCluster(def);
        defineOffsetSyncsLocation(def);
        String topics = "Topics";
        String sync = "Sync";
        Mm2Filters.defineTopicFilterClass(def, topics, 10);
        Mm2Filters.defineConfigPropertyFilterClass(def, sync, 10);
        return def.define(
                        TOPICS,
                        Type.LIST,
                        TopicFilter.TOPICS_DEFAULT,
                        RegexList.validator(),
                        Importance.HIGH,
                        "Topics to replicate: comma-separated names and regexes, each matched against the whole name.",
                        topics,
                        1,
                        ConfigDef.Width.LONG,
                        "Topics")
                .define(
                        TOPICS_EXCLUDE,
                        Type.LIST,
                        TopicFilter.TOPICS_EXCLUDE_DEFAULT,
                        RegexList.validator(),
                        Importance.HIGH,
                        "Topics never to replicate: comma-separated names and regexes; excludes win"
                                + " over includes. Internal topics and loops are excluded whatever this says.",
                        topics,
                        2,
                        ConfigDef.Width.LONG,
                        "Excluded topics")
                .define(
                        REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) -1,
                        ReplicationFactor.validator(),
                        Importance.MEDIUM,
                        "Replication factor of remote topics created on the target; -1 uses the target's"
                                + " default.replication.factor.",
                        topics,
                        3,
                        ConfigDef.Width.SHORT,
                        "Replication factor")
                .define(
                        REFRESH_TOPICS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether new topics and partitions on the source are discovered while running.",
                        topics,
                        4,
                        ConfigDef.Width.SHORT,
                        "Discover topics")
                .define(
                        REFRESH_TOPICS_INTERVAL_SECONDS,
                        Type.LONG,
                        5L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Seconds between two discoveries of source topics and partitions (MirrorMaker 2 waits 600).",
                        topics,
                        5,
                        ConfigDef.Width.SHORT,
                        "Discovery interval")
                .define(
                        HEARTBEATS_REPLICATION_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether heartbeats topics are replicated, whatever 'topics' says, so that every cluster"
                                + " can tell its upstream clusters.",
                        topics,
                        6,
                        ConfigDef.Width.SHORT,
                        "Replicate heartbeats")
                .define(
                        SYNC_TOPIC_CONFIGS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether topic-level configs set on the source are kept in sync on the remote topics.",
                        sync,
                        1,
                        ConfigDef.Width.SHORT,
                        "Sync configs")
                .define(
                        SYNC_TOPIC_CONFIGS_INTERVAL_SECONDS,
                        Type.LONG,
                        10L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Seconds between two topic config syncs (MirrorMaker 2 waits 600).",
                        sync,
                        2,
                        ConfigDef.Width.SHORT,
                        "Config sync interval")
                .define(
                        CONFIG_PROPERTIES_EXCLUDE,
                        Type.LIST,
                        CONFIG_PROPERTIES_EXCLUDE_DEFAULT,
                        RegexList.validator(),
                        Importance.LOW,
                        "Topic configs never synced: comma-separated names and regexes. The default"
                                + " keeps broker-local settings on the target as MirrorMaker 2 does.",
                        sync,
                        3,
                        ConfigDef.Width.LONG,
                        "Configs not synced")
                .define(
                        USE_DEFAULTS_FROM,
                        Type.STRING,
                        USE_DEFAULTS_FROM_TARGET,
                        ConfigDef.CaseInsensitiveValidString.in(USE_DEFAULTS_FROM_TARGET, USE_DEFAULTS_FROM_SOURCE),
                        Importance.LOW,
                        "Which cluster's defaults a remote topic uses for configs its source topic does not set"
                                + " itself, as in MirrorMaker 2: 'target' (the default) leaves them to the target"
                                + " broker's defaults; 'source' sets them on the remote topic to the source's values"
                                + " (minus config.properties.exclude), so it behaves as the source topic does.",
                        sync,
                        4,
                        ConfigDef.Width.SHORT,
                        "Defaults from")
                .define(
                        SYNC_TOPIC_ACLS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether topic ACLs of the source are copied to the remote topics: READ-like grants only,"
                                + " ALL becomes READ, WRITE is never granted. Needs an authorizer on both clusters;"
                                + " without one it switches itself off with one log line.",
                        sync,
                        4,
                        ConfigDef.Width.SHORT,
                        "Sync ACLs")
                .define(
                        SYNC_TOPIC_ACLS_INTERVAL_SECONDS,
                        Type.LONG,
                        10L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Seconds between two ACL syncs.",
                        sync,
                        5,
                        ConfigDef.Width.SHORT,
                        "ACL sync interval")
                .define(
                        EMIT_OFFSET_SYNCS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether offset syncs are written; the checkpoint connector needs them to translate offsets.",
                        sync,
                        6,
                        ConfigDef.Width.SHORT,
                        "Write offset syncs")
                .define(
                        OFFSET_SYNCS_TOPIC_REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) -1,
                        ReplicationFactor.validator(),
                        Importance.LOW,
                        "Replication factor of the offset-syncs topic; -1 uses the cluster's"
                                + " default.replication.factor.",
                        sync,
                        7,
                        ConfigDef.Width.SHORT,
                        "Offset-syncs RF")
                .define(
                        OFFSET_SYNCS_INTERVAL_MS,
                        Type.LONG,
                        1000L,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Longest time between two progress syncs of a partition that moved. Syncs at every break of"
                                + " offset linearity (compaction, transaction markers, restarts) are always written"
                                + " at once.",
                        sync,
                        8,
                        ConfigDef.Width.SHORT,
                        "Offset sync interval")
                .define(
                        OVERSIZED_RECORD_ACTION,
                        Type.STRING,
                        "fail",
                        ConfigDef.CaseInsensitiveValidString.in("fail", "skip"),
                        Importance.MEDIUM,
                        "What to do with a source record larger than the target takes (the"
                                + " remote topic's max.message.bytes or the producer's max.request.size): 'fail' stops"
                                + " the task with an error naming the record, its size and the settings to raise;"
                                + " 'skip' leaves it out, logs it with its offset and counts it in"
                                + " tandem_replication_records_skipped_total.",
                        topics,
                        7,
                        ConfigDef.Width.SHORT,
                        "Oversized records")
                .define(
                        EMIT_POSITIONS_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether each partition's replicated position and the source's end offset are written to"
                                + " tandem-positions.<source>.internal on the target, about once a second, so that"
                                + " 'connect-mirror-maker drill' can tell how many records a failover would lose even"
                                + " when the source is down.",
                        sync,
                        10,
                        ConfigDef.Width.SHORT,
                        "Write positions")
                .define(
                        POSITIONS_TOPIC_REPLICATION_FACTOR,
                        Type.SHORT,
                        (short) -1,
                        ReplicationFactor.validator(),
                        Importance.LOW,
                        "Replication factor of the positions topic and of the assignments topic"
                                + " (tandem-assignments.<source>.internal, which task copies which partition); -1 uses"
                                + " the target's"
                                + " default.replication.factor.",
                        sync,
                        11,
                        ConfigDef.Width.SHORT,
                        "Positions RF")
                .define(
                        OFFSET_LAG_MAX,
                        Type.LONG,
                        100L,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Accepted for MirrorMaker 2 compatibility and unused: Tandem writes a sync at every break"
                                + " of linearity and at most every offset.syncs.interval.ms, which keeps translation"
                                + " exact.",
                        sync,
                        9,
                        ConfigDef.Width.SHORT,
                        "Offset lag max (unused)")
                .define(
                        CONSUMER_POLL_TIMEOUT_MS,
                        Type.LONG,
                        1000L,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "Longest time a task waits for records from the source in one poll.")
                .define(
                        IDLE_PARTITION_AFTER_MS,
                        Type.LONG,
                        30_000L,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "A source partition with nothing new to copy for this long leaves the task's consumer and is"
                                + " watched by a second consumer of the task, whose fetch the source holds until a"
                                + " record arrives; the partition is then fetched again from where its copy stands."
                                + " The time counts from when its newest record was written (its timestamp) if that"
                                + " is earlier than when it was copied, so a backlog written long ago leaves once"
                                + " copied, though no sooner than a sixth of this after its last copy."
                                + " Kafka's consumer walks every partition it is assigned on each fetch, so at"
                                + " thousands of partitions this keeps an idle task's CPU low; a partition that wakes"
                                + " up is copied up to about 3 s later than an active one. 0 keeps every"
                                + " partition in the consumer.")
                .define(
                        TAKEOVER_OFFSETS_TOPIC,
                        Type.STRING,
                        "",
                        Importance.MEDIUM,
                        "A Connect offsets topic on the target where another connector, named by"
                                + " takeover.connector.name, committed the source offsets of this flow: MirrorMaker 2"
                                + " before the switch to Tandem. A starting task resumes each partition after the"
                                + " newest of its own committed offset, its position and that connector's offset, so"
                                + " nothing MM2 copied is copied again. Empty: none. The driver sets it to MM2's"
                                + " dedicated-mode offsets topic (offset.storage.topic of the file, by default"
                                + " mm2-offsets.<source>.internal); a missing topic is no error.",
                        sync,
                        12,
                        ConfigDef.Width.LONG,
                        "Take over offsets from")
                .define(
                        TAKEOVER_CONNECTOR_NAME,
                        Type.STRING,
                        TAKEOVER_CONNECTOR_NAME_DEFAULT,
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        "The name of the connector whose offsets in takeover.offsets.topic are taken over: the name"
                                + " MirrorMaker 2's dedicated mode gives its source connector, by default.",
                        sync,
                        13,
                        ConfigDef.Width.MEDIUM,
                        "Take over connector")
                .define(
                        COPY_PATH,
                        Type.STRING,
                        CopyPath.AUTO,
                        ConfigDef.CaseInsensitiveValidString.in(CopyPath.AUTO, "direct", "record"),
                        Importance.MEDIUM,
                        "How copies reach the target. 'direct': the task's own producer writes each record's bytes to"
                                + " the remote partition and hands Connect only its positions (a record to the"
                                + " positions topic per moving partition about once a second, carrying MirrorMaker 2's"
                                + " source offset), which spares Connect's per-record work. 'record': every record"
                                + " goes through Connect, as in MirrorMaker 2; Single Message Transforms and Connect's"
                                + " exactly-once support need it. 'auto' (the default) takes 'direct' unless"
                                + " 'transforms' is set, exactly-once is asked for (exactly.once.support=required on"
                                + " the connector, or exactly.once.source.support=enabled in mm2.properties) or"
                                + " emit.positions.enabled=false. On a Connect cluster with exactly-once source"
                                + " support, set exactly.once.support=required on the connector: a connector cannot"
                                + " see the worker's settings.",
                        topics,
                        8,
                        ConfigDef.Width.SHORT,
                        "Copy path")
                .define(
                        MAX_UNACKNOWLEDGED_BYTES,
                        Type.LONG,
                        MAX_UNACKNOWLEDGED_BYTES_DEFAULT,
                        ConfigDef.Range.atLeast(0),
                        Importance.LOW,
                        "Per task, how much memory the records copied and not yet acknowledged by the"
                                + " target may hold before the task waits to read more from the source: their keys and"
                                + " values plus about " + UnacknowledgedBytes.RECORD_OVERHEAD_BYTES + " bytes each."
                                + " Connect keeps each record in memory until it is acknowledged; a short backlog"
                                + " costs the garbage collector far less. A wait ends when acknowledgements pause for"
                                + " 10 ms, and the limit rests for 10 s after three such waits, so a distant or"
                                + " unreachable target or exactly-once transactions are not held to it. Where"
                                + " acknowledgements come often but the target is some milliseconds away, a task"
                                + " copies at most about this much per round trip: raise it, or 0 turns it off.");
    }

    public TopicFilter topicFilter() {
        return topicFilter;
    }

    /** Which topics the filter chooses, for the start-up log: the lists, or the user's MM2 filter class. */
    public String topicFilterDescription() {
        String filterClass = getString(Mm2Filters.TOPIC_FILTER_CLASS);
        if (Mm2Filters.isDefault(filterClass, Mm2Filters.DEFAULT_TOPIC_FILTER)) {
            return "topics " + getList(TOPICS) + " excluding " + getList(TOPICS_EXCLUDE);
        }
        return "the topics " + filterClass.trim() + " (" + Mm2Filters.TOPIC_FILTER_CLASS + ") chooses";
    }

    public Optional<Short> replicationFactor() {
        return replicationFactor;
    }

    public Optional<Short> offsetSyncsReplicationFactor() {
        return offsetSyncsReplicationFactor;
    }

    /** Which topic configs travel to remote topics ({@code config.property.filter.class} and its keys). */
    public ConfigPropertyFilter configPropertyFilter() {
        return configPropertyFilter;
    }

    public boolean refreshTopicsEnabled() {
        return getBoolean(REFRESH_TOPICS_ENABLED);
    }

    public Duration refreshTopicsInterval() {
        return Duration.ofSeconds(getLong(REFRESH_TOPICS_INTERVAL_SECONDS));
    }

    public boolean syncTopicConfigsEnabled() {
        return getBoolean(SYNC_TOPIC_CONFIGS_ENABLED);
    }

    public Duration syncTopicConfigsInterval() {
        return Duration.ofSeconds(getLong(SYNC_TOPIC_CONFIGS_INTERVAL_SECONDS));
    }

    public boolean syncTopicAclsEnabled() {
        return getBoolean(SYNC_TOPIC_ACLS_ENABLED);
    }

    public Duration syncTopicAclsInterval() {
        return Duration.ofSeconds(getLong(SYNC_TOPIC_ACLS_INTERVAL_SECONDS));
    }

    public boolean emitOffsetSyncsEnabled() {
        return getBoolean(EMIT_OFFSET_SYNCS_ENABLED);
    }

    public Duration offsetSyncsInterval() {
        return Duration.ofMillis(getLong(OFFSET_SYNCS_INTERVAL_MS));
    }

    public boolean heartbeatsReplicationEnabled() {
        return getBoolean(HEARTBEATS_REPLICATION_ENABLED);
    }

    public OversizedRecords.Action oversizedRecordAction() {
        return OversizedRecords.Action.parse(getString(OVERSIZED_RECORD_ACTION));
    }

    public long maxUnacknowledgedBytes() {
        return getLong(MAX_UNACKNOWLEDGED_BYTES);
    }

    /** {@code copy.path} as written: auto, direct or record. */
    /** The Connect offsets topic on the target to take MM2's offsets over from; empty when none. */
    public String takeoverOffsetsTopic() {
        return getString(TAKEOVER_OFFSETS_TOPIC).trim();
    }

    public String takeoverConnectorName() {
        return getString(TAKEOVER_CONNECTOR_NAME).trim();
    }

    public String copyPath() {
        return getString(COPY_PATH);
    }

    /** How long a partition is polled empty before it leaves the consumer; zero: never. */
    public Duration idlePartitionAfter() {
        return Duration.ofMillis(getLong(IDLE_PARTITION_AFTER_MS));
    }

    public Duration consumerPollTimeout() {
        return Duration.ofMillis(getLong(CONSUMER_POLL_TIMEOUT_MS));
    }

    /** The offset-syncs topic for this flow: {@code mm2-offset-syncs.<target>.internal}. */
    public boolean emitPositionsEnabled() {
        return getBoolean(EMIT_POSITIONS_ENABLED);
    }

    /** {@code tandem-positions.<source>.internal}, on the target. */
    public String positionsTopic() {
        return replicationPolicy().positionsTopic(sourceClusterAlias());
    }

    /** The connector's name, as Connect gives it; it keys the connector's records in the assignments topic. */
    public String connectorName() {
        Object name = originals().get("name");
        return name == null ? flow() : name.toString();
    }

    /** {@code tandem-assignments.<source>.internal}, on the target. */
    public String assignmentsTopic() {
        return replicationPolicy().assignmentsTopic(sourceClusterAlias());
    }

    public Optional<Short> positionsReplicationFactor() {
        return positionsReplicationFactor;
    }

    public String offsetSyncsTopic() {
        return replicationPolicy().offsetSyncsTopic(targetClusterAlias());
    }

    public static ConfigDef configDefinition() {
        return CONFIG_DEF;
    }
}
