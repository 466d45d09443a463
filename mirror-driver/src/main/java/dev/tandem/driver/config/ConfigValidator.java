package dev.tandem.driver.config;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.client.policy.IdentityReplicationPolicy;
import dev.tandem.client.policy.ReplicationPolicies;
import dev.tandem.heartbeat.MirrorHeartbeatConfig;
import dev.tandem.source.MirrorSourceConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Finds every problem of a driver configuration before anything starts: the file's own structure (clusters, aliases,
 * flows, bootstrap servers, cycles) and each connector's settings, validated by the connectors' own definitions and
 * reported under the key the user wrote.
 */
public final class ConfigValidator {

    /** First words of well-known setting names; an alias equal to one would make keys ambiguous. */
    private static final Set<String> RESERVED_ALIASES = Set.of(
            "sync",
            "emit",
            "refresh",
            "offset",
            "topics",
            "groups",
            "replication",
            "tasks",
            "config",
            "heartbeats",
            "checkpoints",
            "consumer",
            "producer",
            "admin",
            "source",
            "target",
            "security",
            "ssl",
            "sasl",
            "bootstrap",
            "offset-syncs",
            "exactly",
            "http",
            "metrics",
            "clusters");

    private ConfigValidator() {}

    /** Every problem, sorted by key; empty when the configuration can start. */
    public static List<ConfigProblem> validate(MirrorMakerConfig config, Set<String> onlyTargets) {
        Set<ConfigProblem> problems = new TreeSet<>(config.parseProblems());
        List<String> clusters = config.clusters();
        for (String alias : clusters) {
            if (RESERVED_ALIASES.contains(alias)) {
                problems.add(new ConfigProblem(
                        MirrorMakerConfig.CLUSTERS,
                        "the alias '" + alias + "' clashes with settings" + " named " + alias
                                + ".*; give the cluster another name"));
            }
            String key = alias + ".bootstrap.servers";
            String servers = config.raw().get(key);
            if (servers == null || servers.isBlank()) {
                problems.add(new ConfigProblem(
                        key, "missing: every cluster needs its address, e.g. " + key + " = host1:9092,host2:9092"));
            }
        }
        checkFlowKeys(config, clusters, problems);
        checkDriverKeys(config, problems);
        for (String target : onlyTargets) {
            if (!clusters.contains(target)) {
                problems.add(
                        new ConfigProblem("--clusters", "'" + target + "' is not one of the clusters " + clusters));
            }
        }
        if (!clusters.isEmpty() && config.enabledFlows().isEmpty()) {
            problems.add(new ConfigProblem(
                    "(flows)",
                    "no flow is enabled; enable one with e.g. " + clusters.get(0) + "->"
                            + (clusters.size() > 1 ? clusters.get(1) : "B") + ".enabled = true"));
        }
        checkIdentityCycles(config, problems);
        checkConnectors(config, problems);
        return new ArrayList<>(problems);
    }

    private static void checkFlowKeys(MirrorMakerConfig config, List<String> clusters, Set<ConfigProblem> problems) {
        config.flowKeysByPrefix().forEach((flow, keys) -> {
            String[] ends = flow.split(Flow.ARROW, 2);
            String key = keys.get(0);
            if (ends.length < 2 || !clusters.contains(ends[0]) || !clusters.contains(ends[1])) {
                problems.add(new ConfigProblem(
                        key,
                        "names a cluster that is not in clusters " + clusters
                                + "; add it to clusters or correct the flow"));
            } else if (ends[0].equals(ends[1])) {
                problems.add(new ConfigProblem(key, "a cluster cannot replicate to itself"));
            }
            for (String k : keys) {
                if (k.endsWith("." + MirrorMakerConfig.ENABLED)
                        || k.endsWith("." + MirrorMakerConfig.EMIT_HEARTBEATS_ENABLED)) {
                    String value = config.raw().get(k).trim();
                    try {
                        ConfigDef.parseType(k, value, ConfigDef.Type.BOOLEAN);
                    } catch (ConfigException notABoolean) {
                        problems.add(new ConfigProblem(k, "'" + value + "' is not a boolean; use true or false"));
                    }
                }
            }
        });
    }

    private static void checkDriverKeys(MirrorMakerConfig config, Set<ConfigProblem> problems) {
        DriverSettings.validate(config.raw())
                .forEach((key, messages) -> messages.forEach(message -> problems.add(new ConfigProblem(key, message))));
    }

    /** With identity naming a topic keeps its name, so loops cannot be seen from names: flows must not cycle. */
    private static void checkIdentityCycles(MirrorMakerConfig config, Set<ConfigProblem> problems) {
        Map<String, String> raw = config.raw();
        Map<String, List<String>> next = new HashMap<>();
        for (Flow flow : config.enabledFlows()) {
            String policy = config.flowSettings(flow)
                    .getOrDefault("replication.policy.class", raw.getOrDefault("replication.policy.class", ""));
            try {
                if (!policy.isBlank()
                        && IdentityReplicationPolicy.class.isAssignableFrom(ReplicationPolicies.resolve(policy))) {
                    next.computeIfAbsent(flow.source(), s -> new ArrayList<>()).add(flow.target());
                }
            } catch (ConfigException unknownClass) {
                // reported with the connectors' own validation
            }
        }
        for (String start : next.keySet()) {
            List<String> cycle = findCycle(start, start, next, new HashSet<>(), new ArrayList<>(List.of(start)));
            if (cycle != null) {
                problems.add(new ConfigProblem(
                        "replication.policy.class",
                        "IdentityReplicationPolicy keeps topic names, so"
                                + " the flows " + String.join("->", cycle) + " would copy records around forever; use"
                                + " DefaultReplicationPolicy, or disable one flow of the cycle"));
                return;
            }
        }
    }

    private static List<String> findCycle(
            String start, String at, Map<String, List<String>> next, Set<String> seen, List<String> path) {
        for (String target : next.getOrDefault(at, List.of())) {
            if (target.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(target)) {
                path.add(target);
                List<String> found = findCycle(start, target, next, seen, path);
                if (found != null) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return null;
    }

    private static void checkConnectors(MirrorMakerConfig config, Set<ConfigProblem> problems) {
        ConnectorConfigFactory factory = new ConnectorConfigFactory(config);
        for (Flow flow : config.enabledFlows()) {
            collect(
                    factory.connector(flow, ConnectorKind.SOURCE),
                    MirrorSourceConfig.validate(
                            factory.connector(flow, ConnectorKind.SOURCE).values()),
                    problems);
            if (factory.checkpointsFor(flow)) {
                collect(
                        factory.connector(flow, ConnectorKind.CHECKPOINT),
                        MirrorCheckpointConfig.validate(factory.connector(flow, ConnectorKind.CHECKPOINT)
                                .values()),
                        problems);
            }
            checkTasksMax(factory.connector(flow, ConnectorKind.SOURCE), problems);
        }
        for (Flow pair : config.heartbeatPairs()) {
            ConnectorConfig heartbeat = factory.connector(pair, ConnectorKind.HEARTBEAT);
            collect(heartbeat, MirrorHeartbeatConfig.validate(heartbeat.values()), problems);
        }
    }

    private static void checkTasksMax(ConnectorConfig connector, Set<ConfigProblem> problems) {
        String value = connector.values().get("tasks.max");
        try {
            if (Integer.parseInt(value.trim()) < 1) {
                problems.add(new ConfigProblem(connector.originOf("tasks.max"), "must be at least 1, was " + value));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem(
                    connector.originOf("tasks.max"), "'" + value + "' is not a whole number; e.g. tasks.max = 4"));
        }
    }

    private static void collect(
            ConnectorConfig connector, Map<String, ConfigValue> values, Set<ConfigProblem> problems) {
        for (ConfigValue value : values.values()) {
            if (value.name().endsWith(".cluster.bootstrap.servers")) {
                continue; // reported once per cluster, under <alias>.bootstrap.servers
            }
            for (String message : value.errorMessages()) {
                problems.add(new ConfigProblem(connector.originOf(value.name()), message));
            }
        }
    }
}
