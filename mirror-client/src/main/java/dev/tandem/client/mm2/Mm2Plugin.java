package dev.tandem.client.mm2;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * An instance of a class a user wrote against one of MirrorMaker 2's plug-in interfaces ({@code TopicFilter},
 * {@code GroupFilter}, {@code ConfigPropertyFilter}, {@code ReplicationPolicy}), called by method name.
 *
 * <p>Tandem does not bundle MM2's jars ({@code connect-mirror}, {@code connect-mirror-client}) and does not compile
 * against them, so the interface is found at run time beside the user's class: on a Connect worker, Kafka's own libs
 * hold it; for {@code bin/connect-mirror-maker}, the user adds the jars with their class. Calls go through the
 * interface's methods, so a class that keeps an interface's default method answers as MM2 would call it.
 */
public final class Mm2Plugin implements AutoCloseable {

    /** The package of MM2's plug-in interfaces and built-in implementations. */
    public static final String MM2_PACKAGE = "org.apache.kafka.connect.mirror.";

    private final String key;
    private final Object instance;
    private final Map<String, Method> methods = new HashMap<>();

    private Mm2Plugin(String key, Object instance, Class<?> mm2Interface) {
        this.key = key;
        this.instance = instance;
        for (Method method : mm2Interface.getMethods()) {
            methods.putIfAbsent(method.getName() + "/" + method.getParameterCount(), method);
        }
    }

    /**
     * Loads {@code className} (the value of {@code key}), checks that it implements MM2's {@code interfaceName},
     * builds it with its public no-argument constructor and configures it with {@code configs} when it is
     * {@link Configurable}, as MM2 does. Every failure is a {@link ConfigException} naming the key and the fix.
     */
    public static Mm2Plugin load(String key, String className, String interfaceName, Map<String, ?> configs) {
        Class<?> type = loadClass(key, className, interfaceName);
        Object instance;
        try {
            instance = type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new ConfigException(key, className, "its constructor failed: " + reason(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(
                    key, className, "it needs a public constructor without arguments, as MirrorMaker 2" + " builds it");
        }
        if (instance instanceof Configurable configurable) {
            try {
                configurable.configure(configs);
            } catch (RuntimeException e) {
                throw new ConfigException(key, className, "its configure() failed: " + reason(e));
            }
        }
        return new Mm2Plugin(key, instance, mm2Interface(type, interfaceName));
    }

    /** The class {@code className}, checked to implement MM2's {@code interfaceName}; used by validators too. */
    public static Class<?> loadClass(String key, String className, String interfaceName) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(
                    key,
                    className,
                    "no such class: put the jar holding it beside Tandem's connectors on the plugin path (Connect),"
                            + " or on the driver's class path (its lib/ directory or the CLASSPATH environment"
                            + " variable)");
        } catch (LinkageError e) {
            throw new ConfigException(key, className, missingInterface(e, interfaceName));
        }
        Class<?> mm2Interface;
        try {
            mm2Interface = mm2Interface(type, interfaceName);
        } catch (LinkageError e) {
            throw new ConfigException(key, className, missingInterface(e, interfaceName));
        }
        if (!mm2Interface.isAssignableFrom(type)) {
            throw new ConfigException(key, className, "it does not implement " + interfaceName);
        }
        return type;
    }

    /** Whether {@code className} can be loaded and implements MM2's {@code interfaceName}. */
    public static boolean implementsInterface(String className, String interfaceName) {
        try {
            Class<?> type = Class.forName(className, false, loader());
            return mm2Interface(type, interfaceName).isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Calls MM2's interface method {@code name} with {@code args}; what the user's class throws is thrown on. */
    public Object call(String name, Object... args) {
        Method method = methods.get(name + "/" + args.length);
        if (method == null) {
            throw new IllegalStateException(key + ": MirrorMaker 2's interface has no method " + name);
        }
        try {
            return method.invoke(instance, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(key + " " + instance.getClass().getName() + "." + name + " failed", e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(
                    key + ": cannot call " + instance.getClass().getName() + "." + name, e);
        }
    }

    /** {@link #call} for the interfaces' yes/no questions. */
    public boolean test(String name, String arg) {
        return Boolean.TRUE.equals(call(name, arg));
    }

    /** The user's class, for logs. */
    public String className() {
        return instance.getClass().getName();
    }

    @Override
    public void close() {
        if (instance instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // the filter's own resources; nothing Tandem copies depends on them
            }
        }
    }

    /** The interface as seen by the loader of {@code type}, which is the one the class was linked against. */
    private static Class<?> mm2Interface(Class<?> type, String interfaceName) {
        ClassLoader loader = type.getClassLoader() != null ? type.getClassLoader() : loader();
        try {
            return Class.forName(interfaceName, false, loader);
        } catch (ClassNotFoundException e) {
            throw new NoClassDefFoundError(interfaceName.replace('.', '/'));
        }
    }

    /** On a Connect worker the connector's plugin loader (the thread's while Connect calls it); else Tandem's. */
    private static ClassLoader loader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Mm2Plugin.class.getClassLoader();
    }

    private static String missingInterface(LinkageError e, String interfaceName) {
        String missing = String.valueOf(e.getMessage()).replace('/', '.');
        String where = " beside it (the plugin path, or the driver's lib/ or CLASSPATH)";
        if (missing.startsWith(MM2_PACKAGE) || missing.contains(interfaceName)) {
            String version = AppInfoParser.getVersion();
            return "it is written against MirrorMaker 2's " + interfaceName
                    + (missing.equals(interfaceName) ? "" : " (missing: " + missing + ")")
                    + ", which Tandem does not bundle; put connect-mirror-" + version
                    + ".jar and connect-mirror-client-"
                    + version + ".jar from Kafka's libs/" + where;
        }
        return "the class cannot be loaded (missing: " + missing + "); put its jar and what it needs" + where;
    }

    private static String reason(Throwable e) {
        return e == null || e.getMessage() == null ? "no reason given" : e.getMessage();
    }
}
