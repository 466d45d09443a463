package dev.tandem.client.policy;

import dev.tandem.client.mm2.Mm2Plugin;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Creates the configured {@link ReplicationPolicy}: Tandem's own, MirrorMaker 2's built-in ones by their MM2 class
 * names, or a class written for MM2 (through {@link Mm2ReplicationPolicy}, when MM2's jars are beside it).
 */
public final class ReplicationPolicies {

    public static final String CLASS_CONFIG = "replication.policy.class";

    /** mm2.properties files name MM2's classes; they mean the same policies here. */
    private static final Map<String, Class<? extends ReplicationPolicy>> MM2_NAMES = Map.of(
            "org.apache.kafka.connect.mirror.DefaultReplicationPolicy", DefaultReplicationPolicy.class,
            "org.apache.kafka.connect.mirror.IdentityReplicationPolicy", IdentityReplicationPolicy.class);

    private ReplicationPolicies() {}

    /**
     * The class a {@code replication.policy.class} value stands for ({@link Mm2ReplicationPolicy} for a class written
     * for MM2); a {@link ConfigException} naming the key and the fix otherwise.
     */
    public static Class<? extends ReplicationPolicy> resolve(String className) {
        Class<? extends ReplicationPolicy> known = MM2_NAMES.get(className);
        if (known != null) {
            return known;
        }
        if (isWrittenForMm2(className)) {
            Mm2Plugin.loadClass(CLASS_CONFIG, className, Mm2ReplicationPolicy.INTERFACE);
            return Mm2ReplicationPolicy.class;
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
                            + " or MirrorMaker 2's " + Mm2ReplicationPolicy.INTERFACE
                            + " on the plugin's class path");
        } catch (LinkageError e) {
            // Written for MM2 without MM2's jars beside it: the loader names the missing interface and the fix.
            Mm2Plugin.loadClass(CLASS_CONFIG, className, Mm2ReplicationPolicy.INTERFACE);
            throw new ConfigException(CLASS_CONFIG, className, "cannot be loaded: " + e.getMessage());
        }
        if (!ReplicationPolicy.class.isAssignableFrom(loaded)) {
            throw new ConfigException(
                    CLASS_CONFIG,
                    className,
                    "does not implement " + ReplicationPolicy.class.getName() + " or MirrorMaker 2's "
                            + Mm2ReplicationPolicy.INTERFACE);
        }
        return loaded.asSubclass(ReplicationPolicy.class);
    }

    /** A configured instance; {@code configs} are the connector's settings (separator, source alias...). */
    public static ReplicationPolicy create(String className, Map<String, ?> configs) {
        Class<? extends ReplicationPolicy> type = resolve(className);
        if (type == Mm2ReplicationPolicy.class) {
            return Mm2ReplicationPolicy.load(className, configs);
        }
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

    /** True for a loadable class implementing MM2's interface and not Tandem's. */
    private static boolean isWrittenForMm2(String className) {
        return Mm2Plugin.implementsInterface(className, Mm2ReplicationPolicy.INTERFACE)
                && !Mm2Plugin.implementsInterface(className, ReplicationPolicy.class.getName());
    }
}
