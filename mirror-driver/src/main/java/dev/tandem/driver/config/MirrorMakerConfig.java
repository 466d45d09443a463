package dev.tandem.driver.config;

import dev.tandem.common.config.ClusterAliasValidator;
import dev.tandem.heartbeat.MirrorHeartbeatConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * An mm2.properties (or .conf) file, read the way MirrorMaker 2 reads it: {@code clusters}, each cluster's client
 * settings under {@code <alias>.}, per-flow settings under {@code A->B.}, and everything else applying to every flow.
 * Precedence as in MM2: top level, then {@code <alias>.}, then {@code A->B.}.
 *
 * <p>Parsing never stops at the first problem: {@link ConfigValidator} collects them all.
 */
public final class MirrorMakerConfig {

    public static final String CLUSTERS = DriverSettings.CLUSTERS;
    public static final String ENABLED = "enabled";
    public static final String EMIT_HEARTBEATS_ENABLED = MirrorHeartbeatConfig.EMIT_HEARTBEATS_ENABLED;

    private static final Set<String> CLIENT_KEYS = AdminClientConfig.configNames();
    private static final String[] CLIENT_PREFIXES = {"consumer.", "producer.", "admin."};

    private final String source;
    private final Map<String, String> raw;
    private final List<String> clusters;
    private final List<ConfigProblem> parseProblems = new ArrayList<>();
    private DriverSettings driverSettings;

    public MirrorMakerConfig(String source, Map<String, String> raw) {
        this.source = source;
        this.raw = new TreeMap<>(raw);
        this.clusters = parseClusters();
    }

    private List<String> parseClusters() {
        String value = raw.get(CLUSTERS);
        if (value == null || value.isBlank()) {
            parseProblems.add(
                    new ConfigProblem(CLUSTERS, "missing: list the aliases of your clusters, e.g. clusters = A, B"));
            return List.of();
        }
        Set<String> aliases = new LinkedHashSet<>();
        ClusterAliasValidator validator = new ClusterAliasValidator();
        for (String element : value.split(",")) {
            String alias = element.trim();
            try {
                validator.ensureValid(CLUSTERS, alias);
            } catch (ConfigException e) {
                parseProblems.add(new ConfigProblem(
                        CLUSTERS,
                        "'" + alias + "' is not a valid cluster alias: 1 to 100 letters,"
                                + " digits, '_' or '-' (it becomes part of topic names, e.g. " + "us-west.orders)"));
                continue;
            }
            if (!aliases.add(alias)) {
                parseProblems.add(
                        new ConfigProblem(CLUSTERS, "'" + alias + "' is listed twice; list each cluster once"));
            }
        }
        return List.copyOf(aliases);
    }

    public String source() {
        return source;
    }

    public Map<String, String> raw() {
        return raw;
    }

    public List<String> clusters() {
        return clusters;
    }

    /** The driver's own keys, parsed; only for a file that passed {@link ConfigValidator}. */
    public synchronized DriverSettings driverSettings() {
        if (driverSettings == null) {
            driverSettings = DriverSettings.of(raw);
        }
        return driverSettings;
    }

    List<ConfigProblem> parseProblems() {
        return parseProblems;
    }

    /** The alias a key belongs to ({@code A.bootstrap.servers} -> A), if any. */
    public Optional<String> aliasOf(String key) {
        for (String alias : clusters) {
            if (key.startsWith(alias + ".")) {
                return Optional.of(alias);
            }
        }
        return Optional.empty();
    }

    /** True for {@code X->Y.key} keys. */
    public static boolean isFlowKey(String key) {
        int arrow = key.indexOf(Flow.ARROW);
        return arrow > 0 && key.indexOf('.', arrow) > arrow;
    }

    /** Keys that apply to every flow: neither a cluster's, a flow's nor the driver's. */
    public Map<String, String> globalSettings() {
        Map<String, String> global = new TreeMap<>();
        raw.forEach((key, value) -> {
            if (!DriverSettings.keys().contains(key)
                    && !isFlowKey(key)
                    && aliasOf(key).isEmpty()) {
                global.put(key, value);
            }
        });
        return global;
    }

    /** {@code A->B.x} settings of a flow, prefix removed. */
    public Map<String, String> flowSettings(Flow flow) {
        Map<String, String> settings = new TreeMap<>();
        raw.forEach((key, value) -> {
            if (key.startsWith(flow.prefix())) {
                settings.put(key.substring(flow.prefix().length()), value);
            }
        });
        return settings;
    }

    /**
     * How to reach a cluster, by mm2 key: top-level client settings (security for all clusters) overridden by
     * {@code <alias>.x}; the {@code <alias>.consumer.}, {@code .producer.} and {@code .admin.} ones are excluded.
     * Values map the client key to the key of the file it came from.
     */
    public Map<String, String> clusterClientKeys(String alias) {
        Map<String, String> origins = new TreeMap<>();
        raw.keySet().forEach(key -> {
            if (CLIENT_KEYS.contains(key)) {
                origins.put(key, key);
            }
        });
        String prefix = alias + ".";
        raw.keySet().forEach(key -> {
            if (key.startsWith(prefix) && !isFlowKey(key)) {
                String clientKey = key.substring(prefix.length());
                if (!startsWithClientPrefix(clientKey)) {
                    origins.put(clientKey, key);
                }
            }
        });
        return origins;
    }

    /** {@code <alias>.consumer.x} (and producer., admin.) settings, by client key {@code x}, as file keys. */
    public Map<String, String> clusterClientKeys(String alias, String client) {
        Map<String, String> origins = new TreeMap<>();
        String prefix = alias + "." + client + ".";
        raw.keySet().forEach(key -> {
            if (key.startsWith(prefix)) {
                origins.put(key.substring(prefix.length()), key);
            }
        });
        return origins;
    }

    private static boolean startsWithClientPrefix(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Every ordered pair of distinct clusters. */
    public List<Flow> allPairs() {
        List<Flow> pairs = new ArrayList<>();
        for (String s : clusters) {
            for (String t : clusters) {
                if (!s.equals(t)) {
                    pairs.add(new Flow(s, t));
                }
            }
        }
        return pairs;
    }

    /** Flows that copy records: {@code A->B.enabled = true}. */
    public List<Flow> enabledFlows() {
        List<Flow> flows = new ArrayList<>();
        for (Flow pair : allPairs()) {
            if (flag(pair.prefix() + ENABLED, false)) {
                flows.add(pair);
            }
        }
        return flows;
    }

    /**
     * Pairs that emit heartbeats: as in MM2, every pair unless {@code emit.heartbeats.enabled=false} at the top or
     * for that pair, so each cluster has a heartbeats topic for its downstream clusters to trace.
     */
    public List<Flow> heartbeatPairs() {
        boolean global = flag(EMIT_HEARTBEATS_ENABLED, true);
        List<Flow> pairs = new ArrayList<>();
        for (Flow pair : allPairs()) {
            if (flag(pair.prefix() + EMIT_HEARTBEATS_ENABLED, global)) {
                pairs.add(pair);
            }
        }
        return pairs;
    }

    /**
     * A boolean key of the file, parsed as every ConfigDef parses booleans (true or false, any case); a value that is
     * neither counts as absent here and is reported by {@link ConfigValidator}.
     */
    private boolean flag(String key, boolean absent) {
        String value = raw.get(key);
        if (value == null) {
            return absent;
        }
        try {
            return (Boolean) ConfigDef.parseType(key, value, ConfigDef.Type.BOOLEAN);
        } catch (ConfigException notABoolean) {
            return absent;
        }
    }

    /** Target clusters that need a worker: targets of enabled flows or of heartbeats. */
    public Set<String> targets() {
        Set<String> targets = new LinkedHashSet<>();
        enabledFlows().forEach(f -> targets.add(f.target()));
        heartbeatPairs().forEach(f -> targets.add(f.target()));
        return targets;
    }

    /** Flow keys as written, grouped by their flow prefix, for validation of the aliases they name. */
    Map<String, List<String>> flowKeysByPrefix() {
        Map<String, List<String>> byPrefix = new LinkedHashMap<>();
        raw.keySet().stream().filter(MirrorMakerConfig::isFlowKey).forEach(key -> {
            String flow = key.substring(0, key.indexOf('.', key.indexOf(Flow.ARROW)));
            byPrefix.computeIfAbsent(flow, f -> new ArrayList<>()).add(key);
        });
        return byPrefix;
    }
}
