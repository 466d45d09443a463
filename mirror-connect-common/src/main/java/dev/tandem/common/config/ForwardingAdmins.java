package dev.tandem.common.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * MirrorMaker 2's {@code forwarding.admin.class} (KIP-787): a subclass of Kafka's {@link ForwardingAdmin} through
 * which every admin operation on a cluster goes, so a platform can create topics or ACLs through its own API. The
 * class is built with the admin settings, as MM2 does; Kafka's own {@link ForwardingAdmin}, the default, is a plain
 * admin client.
 */
public final class ForwardingAdmins {

    public static final String CONFIG = "forwarding.admin.class";
    public static final String DEFAULT = ForwardingAdmin.class.getName();

    private ForwardingAdmins() {}

    /** An admin client for {@code adminConfig}, through the forwarding admin class {@code className}. */
    public static Admin create(String className, Map<String, Object> adminConfig) {
        if (className == null || className.isBlank() || DEFAULT.equals(className.trim())) {
            return Admin.create(adminConfig);
        }
        Constructor<? extends ForwardingAdmin> constructor = constructor(className.trim());
        try {
            return constructor.newInstance(adminConfig);
        } catch (InvocationTargetException e) {
            throw new ConfigException(
                    CONFIG,
                    className,
                    "its constructor failed: "
                            + (e.getCause() == null
                                    ? "no reason given"
                                    : e.getCause().getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(CONFIG, className, "cannot be built: " + e);
        }
    }

    private static Constructor<? extends ForwardingAdmin> constructor(String className) {
        Class<?> type;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            type = Class.forName(className, false, loader != null ? loader : ForwardingAdmins.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(
                    CONFIG,
                    className,
                    "no such class on the class path; put its jar beside"
                            + " Tandem's connectors on the plugin path, or on the driver's class path (lib/)");
        } catch (LinkageError e) {
            throw new ConfigException(
                    CONFIG,
                    className,
                    "the class cannot be loaded (" + e.getMessage() + "); put"
                            + " its jar and what it needs beside Tandem's connectors on the plugin path, or in the driver's"
                            + " lib/");
        }
        if (!ForwardingAdmin.class.isAssignableFrom(type)) {
            throw new ConfigException(CONFIG, className, "not a subclass of " + DEFAULT);
        }
        try {
            return type.asSubclass(ForwardingAdmin.class).getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            throw new ConfigException(
                    CONFIG,
                    className,
                    "it needs a public constructor taking the admin settings"
                            + " (Map<String, Object>), as MirrorMaker 2 builds it");
        }
    }

    /** Accepts a loadable {@link ForwardingAdmin} subclass with a {@code (Map)} constructor. */
    public static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null
                        && !value.toString().isBlank()
                        && !DEFAULT.equals(value.toString().trim())) {
                    constructor(value.toString().trim());
                }
            }

            @Override
            public String toString() {
                return "a subclass of " + DEFAULT + " with a (Map) constructor";
            }
        };
    }
}
