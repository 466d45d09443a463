package dev.tandem.common.config;

import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Replication factors of topics Tandem creates: -1 for the cluster's {@code default.replication.factor}, or at least 1. */
public final class ReplicationFactor {

    public static final short BROKER_DEFAULT = -1;

    private ReplicationFactor() {}

    public static ConfigDef.Validator validator() {
        return ConfigDef.LambdaValidator.with(
                (name, value) -> {
                    if (value == null) {
                        return; // ConfigDef validates even after a failed parse, which it has reported already
                    }
                    short rf = (Short) value;
                    if (rf != BROKER_DEFAULT && rf < 1) {
                        throw new ConfigException(
                                name, value, "must be -1 (the cluster's default.replication.factor) or at least 1");
                    }
                },
                () -> "-1 or at least 1");
    }

    /** Empty for -1, as {@code NewTopic} takes it. */
    public static Optional<Short> of(short configured) {
        return configured == BROKER_DEFAULT ? Optional.empty() : Optional.of(configured);
    }
}
