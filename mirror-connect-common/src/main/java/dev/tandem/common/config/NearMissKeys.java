package dev.tandem.common.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * Flags a connector key that is a typo of one of the connector's own keys ({@code topic} for {@code topics}), as
 * Connect's validate call and the connector's start would otherwise ignore it. Keys Connect itself reads, Kafka's
 * client keys (also behind the client prefixes) and keys under open prefixes are never flagged.
 */
public final class NearMissKeys {

    /** Connector-level keys of Connect's runtime, which the connectors' own definitions do not hold. */
    private static final Set<String> CONNECT_KEYS = Set.of(
            "name",
            "connector.class",
            "tasks.max",
            "tasks.max.enforce",
            "key.converter",
            "value.converter",
            "header.converter",
            "transforms",
            "predicates",
            "config.action.reload",
            "errors.retry.timeout",
            "errors.retry.delay.max.ms",
            "errors.tolerance",
            "errors.log.enable",
            "errors.log.include.messages",
            "exactly.once.support",
            "transaction.boundary",
            "transaction.boundary.interval.ms",
            "offsets.storage.topic",
            "topic.creation.groups");

    /** Prefixes that route a Kafka client key to one of a connector's clients. */
    public static final List<String> CLIENT_PREFIXES = List.of(
            "source.cluster.",
            "target.cluster.",
            "source.consumer.",
            "target.consumer.",
            "source.producer.",
            "target.producer.",
            "source.admin.",
            "target.admin.",
            "producer.override.",
            "consumer.override.",
            "admin.override.");

    private static final List<String> OPEN_PREFIXES = List.of(
            "transforms.",
            "predicates.",
            "key.converter.",
            "value.converter.",
            "header.converter.",
            "topic.creation.",
            "errors.deadletterqueue.");

    private static final Set<String> CLIENT_KEYS = new TreeSet<>();

    static {
        CLIENT_KEYS.addAll(ProducerConfig.configNames());
        CLIENT_KEYS.addAll(ConsumerConfig.configNames());
        CLIENT_KEYS.addAll(AdminClientConfig.configNames());
    }

    private NearMissKeys() {}

    /** Adds an error on every key of {@code props} that is one or two edits from a key of {@code def}. */
    public static void check(ConfigDef def, Map<String, String> props, Map<String, ConfigValue> values) {
        for (String key : props.keySet()) {
            if (def.names().contains(key)
                    || CONNECT_KEYS.contains(key)
                    || CLIENT_KEYS.contains(key)
                    || OPEN_PREFIXES.stream().anyMatch(key::startsWith)
                    || CLIENT_PREFIXES.stream().anyMatch(key::startsWith)) {
                continue;
            }
            String nearest = null;
            int distance = Integer.MAX_VALUE;
            for (String known : def.names()) {
                int d = EditDistance.between(key, known);
                if (d < distance) {
                    distance = d;
                    nearest = known;
                }
            }
            if (nearest != null && EditDistance.isNearMiss(key, distance)) {
                ConfigErrors.addError(values, key, "not a setting of this connector; did you mean " + nearest + "?");
            }
        }
    }
}
