package dev.tandem.client.policy;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** Creates the configured {@link ReplicationPolicy}, accepting MirrorMaker 2's class names for its built-in policies. */
public final class ReplicationPolicies {

    public static final String CLASS_CONFIG = "replication.policy.class";

    /** mm2.properties files name MM2's classes; they mean the same policies here. */
    private static final Map<String, Class<? extends ReplicationPolicy>> MM2_NAMES = Map.of(
            "org.apache.kafka.connect.mirror.DefaultReplicationPolicy", DefaultReplicationPolicy.class,
            "org.apache.kafka.connect.mirror.IdentityReplicationPolicy", IdentityReplicationPolicy.class);

    private ReplicationPolicies() {}

    /** The class a {@code replication.policy.class} value stands for; a {@link ConfigException} naming the key otherwise. */
    public static Class<? extends ReplicationPolicy> resolve(String className) {
        Class<? extends ReplicationPolicy> known = MM2_NAMES.get(className);
        if (known != null) {
            return known;
        }
        Class<?> loaded;
        try {
            loaded = Class.forName(className, true, ReplicationPolicies.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(
                    CLASS_CONFIG,
                    className,
                    "class not found; use "
                            + DefaultReplicationPolicy.class.getName() + ", "
                            + IdentityReplicationPolicy.class.getName()
                            + " or a class implementing " + ReplicationPolicy.class.getName()
                            + " on the plugin's class path");
        }
        if (!ReplicationPolicy.class.isAssignableFrom(loaded)) {
            throw new ConfigException(
                    CLASS_CONFIG, className, "does not implement " + ReplicationPolicy.class.getName());
        }
        return loaded.asSubclass(ReplicationPolicy.class);
    }

    /** A configured instance; {@code configs} are the connector's settings (separator, source alias...). */
    public static ReplicationPolicy create(String className, Map<String, ?> configs) {
        Class<? extends ReplicationPolicy> type = resolve(className);
        ReplicationPolicy policy;
        try {
            policy = type.getDeclaredConstructor().newInstance();
        } catch (InstantiationException
                | IllegalAccessException
                | NoSuchMethodException
                | InvocationTargetException e) {
            throw new ConfigException(
                    CLASS_CONFIG,
                    className,
                    "cannot be instantiated (it needs a public no-argument constructor): " + e);
        }
        policy.configure(configs);
        return policy;
    }
}
