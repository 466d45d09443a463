package dev.tandem.common.config;

import dev.tandem.client.policy.DefaultReplicationPolicy;
import dev.tandem.client.policy.ReplicationPolicies;
import dev.tandem.client.policy.ReplicationPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.utils.Utils;

/**
 * The keys every Tandem connector shares with MirrorMaker 2's: the two cluster aliases, the replication policy,
 * and how to reach each cluster ({@code source.cluster.*}, {@code target.cluster.*} and the per-client prefixes).
 * Each connector's config class extends this and adds its own keys with {@link #baseConfigDef()}.
 */
public abstract class MirrorConnectorConfig extends AbstractConfig {

    public static final String SOURCE_CLUSTER_ALIAS = "source.cluster.alias";
    public static final String TARGET_CLUSTER_ALIAS = "target.cluster.alias";
    public static final String SOURCE_CLUSTER_PREFIX = "source.cluster.";
    public static final String TARGET_CLUSTER_PREFIX = "target.cluster.";
    public static final String SOURCE_BOOTSTRAP_SERVERS =
            SOURCE_CLUSTER_PREFIX + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String TARGET_BOOTSTRAP_SERVERS =
            TARGET_CLUSTER_PREFIX + CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String SOURCE_CONSUMER_PREFIX = "source.consumer.";
    public static final String SOURCE_PRODUCER_PREFIX = "source.producer.";
    public static final String SOURCE_ADMIN_PREFIX = "source.admin.";
    public static final String TARGET_CONSUMER_PREFIX = "target.consumer.";
    public static final String TARGET_PRODUCER_PREFIX = "target.producer.";
    public static final String TARGET_ADMIN_PREFIX = "target.admin.";

    public static final String REPLICATION_POLICY_CLASS = ReplicationPolicies.CLASS_CONFIG;
    public static final String REPLICATION_POLICY_SEPARATOR = DefaultReplicationPolicy.SEPARATOR_CONFIG;
    public static final String INTERNAL_TOPIC_SEPARATOR_ENABLED =
            DefaultReplicationPolicy.INTERNAL_TOPIC_SEPARATOR_ENABLED_CONFIG;
    public static final String ADMIN_TIMEOUT_MS = "admin.timeout.ms";

    public static final String OFFSET_SYNCS_TOPIC_LOCATION = "offset-syncs.topic.location";

    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final List<String> CONVERTER_KEYS = List.of("key.converter", "value.converter", "header.converter");

    private static final String CONNECTION_GROUP = "Clusters";
    private static final String POLICY_GROUP = "Replication policy";

    private final String sourceAlias;
    private final String targetAlias;
    private final Duration adminTimeout;
    private volatile ReplicationPolicy policy; // created on first use, then shared by every caller of this config

    protected MirrorConnectorConfig(ConfigDef def, Map<String, String> props) {
        super(def, props, false);
        this.sourceAlias = getString(SOURCE_CLUSTER_ALIAS);
        this.targetAlias = getString(TARGET_CLUSTER_ALIAS);
        this.adminTimeout = Duration.ofMillis(getInt(ADMIN_TIMEOUT_MS));
    }

    /** The keys of every connector: aliases, policy, admin timeout. Cluster connection keys are added by need. */
    public static ConfigDef baseConfigDef() {
        return new ConfigDef()
                .define(
                        SOURCE_CLUSTER_ALIAS,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        new ClusterAliasValidator(),
                        Importance.HIGH,
                        "Alias of the cluster records come from, e.g. 'A' or 'us-west'. Remote topics on"
                                + " the target are named '<alias><separator><topic>'.",
                        CONNECTION_GROUP,
                        1,
                        ConfigDef.Width.SHORT,
                        "Source alias")
                .define(
                        TARGET_CLUSTER_ALIAS,
                        Type.STRING,
                        ConfigDef.NO_DEFAULT_VALUE,
                        new ClusterAliasValidator(),
                        Importance.HIGH,
                        "Alias of the cluster records are written to. Topics whose chain of source"
                                + " aliases contains it are never replicated there (no loops).",
                        CONNECTION_GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "Target alias")
                .define(
                        REPLICATION_POLICY_CLASS,
                        Type.STRING,
                        DefaultReplicationPolicy.class.getName(),
                        new ReplicationPolicyClassValidator(),
                        Importance.LOW,
                        "How remote topics are named. " + DefaultReplicationPolicy.class.getName()
                                + " prefixes the source alias; " + "dev.tandem.client.policy.IdentityReplicationPolicy"
                                + " keeps names (flows must then not form a cycle). MirrorMaker 2's class names for"
                                + " these two are accepted, and so is a class of yours implementing MM2's"
                                + " org.apache.kafka.connect.mirror.ReplicationPolicy, with MM2's connect-mirror-client"
                                + " jar beside it (plugin path; the driver's lib/ or CLASSPATH).",
                        POLICY_GROUP,
                        1,
                        ConfigDef.Width.LONG,
                        "Replication policy")
                .define(
                        ForwardingAdmins.CONFIG,
                        Type.STRING,
                        ForwardingAdmins.DEFAULT,
                        ForwardingAdmins.validator(),
                        Importance.LOW,
                        "A subclass of Kafka's org.apache.kafka.clients.admin.ForwardingAdmin (KIP-787) through which"
                                + " every admin operation on both clusters goes (creating and changing topics, ACLs,"
                                + " listing groups and offsets), as in MirrorMaker 2; built with the admin settings."
                                + " Its jar goes beside Tandem's connectors on the plugin path (the driver: in lib/).",
                        CONNECTION_GROUP,
                        10,
                        ConfigDef.Width.LONG,
                        "Forwarding admin")
                .define(
                        REPLICATION_POLICY_SEPARATOR,
                        Type.STRING,
                        DefaultReplicationPolicy.SEPARATOR_DEFAULT,
                        new ConfigDef.NonEmptyString(),
                        Importance.LOW,
                        "Separator between the source alias and the topic in remote topic names.",
                        POLICY_GROUP,
                        2,
                        ConfigDef.Width.SHORT,
                        "Separator")
                .define(
                        INTERNAL_TOPIC_SEPARATOR_ENABLED,
                        Type.BOOLEAN,
                        true,
                        Importance.LOW,
                        "Whether internal topics (offset syncs, checkpoints) use the separator too; false keeps '.'"
                                + " for them, as MirrorMaker 2 before KIP-690 did.",
                        POLICY_GROUP,
                        3,
                        ConfigDef.Width.SHORT,
                        "Separator in internal topics")
                .define(
                        ADMIN_TIMEOUT_MS,
                        Type.INT,
                        60_000,
                        ConfigDef.Range.atLeast(1),
                        Importance.LOW,
                        "How long admin requests (list, create and alter topics) may take before they fail.");
    }

    /** Adds {@code source.cluster.bootstrap.servers}, required by connectors that read the source cluster. */
    public static ConfigDef defineSourceCluster(ConfigDef def) {
        return def.define(
                SOURCE_BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new HostPortList(),
                Importance.HIGH,
                "host:port pairs of the source cluster. Any other client setting, security too, goes"
                        + " under 'source.cluster.'; per client under 'source.consumer.', 'source.producer.' and"
                        + " 'source.admin.'.",
                CONNECTION_GROUP,
                3,
                ConfigDef.Width.LONG,
                "Source bootstrap servers");
    }

    /** Adds {@code target.cluster.bootstrap.servers}. */
    public static ConfigDef defineTargetCluster(ConfigDef def) {
        return def.define(
                TARGET_BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new HostPortList(),
                Importance.HIGH,
                "host:port pairs of the target cluster. Any other client setting, security too, goes"
                        + " under 'target.cluster.'; per client under 'target.consumer.', 'target.producer.' and"
                        + " 'target.admin.'.",
                CONNECTION_GROUP,
                4,
                ConfigDef.Width.LONG,
                "Target bootstrap servers");
    }

    /** Adds {@code offset-syncs.topic.location}, which the source and checkpoint connectors must agree on. */
    public static ConfigDef defineOffsetSyncsLocation(ConfigDef def) {
        return def.define(
                OFFSET_SYNCS_TOPIC_LOCATION,
                Type.STRING,
                "source",
                ConfigDef.CaseInsensitiveValidString.in("source", "target"),
                Importance.LOW,
                "Cluster that holds the offset-syncs topic: 'source' (MirrorMaker 2's default, which needs write"
                        + " access to the source) or 'target'.");
    }

    /**
     * Every problem of a connector's {@code props}, per key: each key on its own and the converters, then (once those
     * pass) the aliases against each other; and keys that are typos of the connector's own keys.
     */
    public static Map<String, ConfigValue> validateFlow(ConfigDef def, Map<String, String> props) {
        Map<String, ConfigValue> values = ConfigErrors.validate(def, props, MirrorConnectorConfig::checkAliases);
        checkConverters(props, values);
        NearMissKeys.check(def, props, values);
        return values;
    }

    /**
     * Connect runs every record through the connector's converters. Tandem hands it the source's bytes, so any
     * converter but ByteArrayConverter would rewrite them (JsonConverter would write base64 strings). A worker's own
     * default converters cannot be seen from here; the shipped connector configs set all three for that reason.
     */
    public static void checkConverters(Map<String, String> props, Map<String, ConfigValue> values) {
        for (String key : CONVERTER_KEYS) {
            String converter = props.get(key);
            if (converter != null && !converter.isBlank() && !converter.trim().equals(BYTE_ARRAY_CONVERTER)) {
                ConfigErrors.addError(
                        values,
                        key,
                        key + " is " + converter.trim() + ", which would rewrite the bytes" + " Tandem copies; set "
                                + key + "=" + BYTE_ARRAY_CONVERTER);
            }
        }
    }

    /** Cross-key rule of every connector: the two aliases differ, and neither contains the separator. */
    public static void checkAliases(Map<String, String> props, Map<String, ConfigValue> values) {
        String source = props.get(SOURCE_CLUSTER_ALIAS);
        String target = props.get(TARGET_CLUSTER_ALIAS);
        if (source != null && source.equals(target)) {
            ConfigErrors.addError(
                    values,
                    TARGET_CLUSTER_ALIAS,
                    "target.cluster.alias '" + target
                            + "' equals source.cluster.alias: a cluster cannot replicate to itself; give each cluster its own alias");
        }
        String separator = props.getOrDefault(REPLICATION_POLICY_SEPARATOR, DefaultReplicationPolicy.SEPARATOR_DEFAULT);
        for (String key : new String[] {SOURCE_CLUSTER_ALIAS, TARGET_CLUSTER_ALIAS}) {
            String alias = props.get(key);
            if (alias != null && !separator.isEmpty() && alias.contains(separator)) {
                ConfigErrors.addError(
                        values,
                        key,
                        "alias '" + alias + "' contains the replication.policy.separator '" + separator
                                + "', which would make remote topic names ambiguous; choose an alias without it");
            }
        }
    }

    public String sourceClusterAlias() {
        return sourceAlias;
    }

    public String targetClusterAlias() {
        return targetAlias;
    }

    public String flow() {
        return sourceAlias + "->" + targetAlias;
    }

    public Duration adminTimeout() {
        return adminTimeout;
    }

    /**
     * The configured replication policy: one instance per config object, made on first use (not on every call, which
     * instantiated the class by reflection each time). A config object belongs to one connector or task, so its policy
     * is shared only by that owner's threads, as MM2 shares its own; policies are pure name functions.
     */
    public ReplicationPolicy replicationPolicy() {
        ReplicationPolicy made = policy;
        if (made == null) {
            synchronized (this) {
                if (policy == null) {
                    policy = ReplicationPolicies.create(getString(REPLICATION_POLICY_CLASS), originals());
                }
                made = policy;
            }
        }
        return made;
    }

    public boolean offsetSyncsOnTarget() {
        return "target".equalsIgnoreCase(getString(OFFSET_SYNCS_TOPIC_LOCATION));
    }

    public Map<String, Object> sourceConsumerConfig() {
        return clientConfig(SOURCE_CLUSTER_PREFIX, SOURCE_CONSUMER_PREFIX);
    }

    public Map<String, Object> sourceProducerConfig() {
        return clientConfig(SOURCE_CLUSTER_PREFIX, SOURCE_PRODUCER_PREFIX);
    }

    public Map<String, Object> sourceAdminConfig() {
        return clientConfig(SOURCE_CLUSTER_PREFIX, SOURCE_ADMIN_PREFIX);
    }

    public Map<String, Object> targetConsumerConfig() {
        return clientConfig(TARGET_CLUSTER_PREFIX, TARGET_CONSUMER_PREFIX);
    }

    public Map<String, Object> targetProducerConfig() {
        return clientConfig(TARGET_CLUSTER_PREFIX, TARGET_PRODUCER_PREFIX);
    }

    public Map<String, Object> targetAdminConfig() {
        return clientConfig(TARGET_CLUSTER_PREFIX, TARGET_ADMIN_PREFIX);
    }

    /** An admin client of the source, through {@code forwarding.admin.class}. */
    public Admin sourceAdmin() {
        return ForwardingAdmins.create(getString(ForwardingAdmins.CONFIG), sourceAdminConfig());
    }

    /** An admin client of the target, through {@code forwarding.admin.class}. */
    public Admin targetAdmin() {
        return ForwardingAdmins.create(getString(ForwardingAdmins.CONFIG), targetAdminConfig());
    }

    /** Cluster-wide settings overlaid with the client's own: {@code source.consumer.x} beats {@code source.cluster.x}. */
    private Map<String, Object> clientConfig(String clusterPrefix, String clientPrefix) {
        Map<String, Object> config = new HashMap<>(originalsWithPrefix(clusterPrefix));
        config.remove("alias"); // source.cluster.alias is ours, not a client setting
        config.putAll(originalsWithPrefix(clientPrefix));
        return config;
    }

    /**
     * Bootstrap server lists: at least one entry, each host:port. Checked without a DNS lookup, so validation is fast
     * and works where the cluster's names do not resolve yet; an unfilled placeholder fails here, not at connect time.
     */
    private static final class HostPortList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value instanceof List<?> list) {
                if (list.isEmpty() || list.stream().allMatch(e -> e.toString().isBlank())) {
                    throw new ConfigException(name, value, "must list at least one host:port");
                }
                for (Object element : list) {
                    String address = element.toString().trim();
                    Integer port = Utils.getPort(address);
                    if (Utils.getHost(address) == null || port == null || port < 1 || port > 65535) {
                        throw new ConfigException(
                                name,
                                value,
                                "'" + address + "' is not host:port; list the cluster's"
                                        + " brokers as host:port, e.g. kafka-1.example.com:9092");
                    }
                }
            }
        }

        @Override
        public String toString() {
            return "non-empty list of host:port";
        }
    }

    /** Resolves the class at validation time, so a typo fails Connect's validate call with the key named. */
    private static final class ReplicationPolicyClassValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null) {
                ReplicationPolicies.resolve(value.toString());
            }
        }

        @Override
        public String toString() {
            return "a ReplicationPolicy class";
        }
    }
}
