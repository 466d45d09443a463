package dev.tandem.driver.config;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.common.config.EditDistance;
import dev.tandem.common.config.NearMissKeys;
import dev.tandem.heartbeat.MirrorHeartbeatConnector;
import dev.tandem.source.MirrorSourceConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;

/**
 * Every key an mm2.properties file may hold, as the driver reads it, once a flow prefix ({@code A->B.}) or a cluster
 * prefix ({@code A.}) is taken off: the driver's own keys, the three connectors' ({@code ConfigDef}s), Connect's
 * connector and worker keys, Kafka's client keys, and client keys behind the prefixes that route them to one client
 * ({@code consumer.}, {@code source.cluster.}, {@code producer.override.}, ...). Keys under open prefixes
 * ({@code config.providers.}, {@code transforms.}, ...) name things the driver cannot know in advance and are always
 * accepted.
 */
final class KnownKeys {

    /** Prefixes followed by any Kafka client key. */
    static final List<String> CLIENT_PREFIXES = Stream.concat(
                    Stream.of("consumer.", "producer.", "admin."), NearMissKeys.CLIENT_PREFIXES.stream())
            .toList();

    /** Prefixes followed by names the user chooses (a transform's alias, a config provider's name, ...). */
    static final List<String> OPEN_PREFIXES = List.of(
            "config.providers.",
            "transforms.",
            "predicates.",
            "key.converter.",
            "value.converter.",
            "header.converter.",
            "listeners.https.",
            "metrics.context.",
            "rest.extension.",
            "topic.creation.",
            "errors.deadletterqueue.",
            "worker.");

    /** MirrorMaker 2 keys read by the driver itself or accepted for compatibility. */
    private static final Set<String> MM2_KEYS = Set.of(
            MirrorMakerConfig.ENABLED,
            MirrorMakerConfig.EMIT_HEARTBEATS_ENABLED,
            "dedicated.mode.enable.internal.rest",
            "topic.filter.class",
            "group.filter.class",
            "config.property.filter.class",
            "forwarding.admin.class",
            "replication.policy.class",
            "replication.policy.separator",
            "replication.policy.internal.topic.separator.enabled",
            "exactly.once.source.support");

    private static final Set<String> CLIENT_KEYS =
            union(ProducerConfig.configNames(), ConsumerConfig.configNames(), AdminClientConfig.configNames());

    private static final Set<String> SETTINGS = union(
            DriverSettings.keys(),
            MM2_KEYS,
            MirrorSourceConfig.configDefinition().names(),
            MirrorCheckpointConfig.configDefinition().names(),
            new MirrorHeartbeatConnector().config().names(),
            SourceConnectorConfig.configDef().names(),
            workerKeys(),
            CLIENT_KEYS);

    private KnownKeys() {}

    /**
     * The keys of Connect's distributed worker. Connect does not expose its worker {@code ConfigDef}, but declares
     * every key as a {@code public static final String ..._CONFIG} constant, which is what this reads.
     */
    private static Set<String> workerKeys() {
        Set<String> keys = new TreeSet<>();
        for (Class<?> type : List.of(WorkerConfig.class, DistributedConfig.class)) {
            for (Field field : type.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && field.getType() == String.class
                        && field.getName().endsWith("_CONFIG")) {
                    try {
                        keys.add((String) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot read " + field, e);
                    }
                }
            }
        }
        return keys;
    }

    /** Whether {@code key}, without its flow or cluster prefix, is a key the driver or its parts read. */
    static boolean isKnown(String key) {
        if (SETTINGS.contains(key)) {
            return true;
        }
        for (String prefix : OPEN_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix) && CLIENT_KEYS.contains(key.substring(prefix.length()))) {
                return true;
            }
        }
        return false;
    }

    /** The known key nearest to {@code key} (fewest single-character edits), with its distance. */
    static Nearest nearest(String key) {
        Nearest best = new Nearest(null, Integer.MAX_VALUE);
        for (String candidate : SETTINGS) {
            best = best.closer(candidate, EditDistance.between(key, candidate));
        }
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                for (String client : CLIENT_KEYS) {
                    best = best.closer(prefix + client, EditDistance.between(rest, client));
                }
            }
        }
        return best;
    }

    /** A known key and how many edits away it is. */
    record Nearest(String key, int distance) {
        Nearest closer(String candidate, int candidateDistance) {
            return candidateDistance < distance ? new Nearest(candidate, candidateDistance) : this;
        }
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}
