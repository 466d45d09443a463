package dev.tandem.common.filter;

import dev.tandem.client.mm2.Mm2Plugin;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * MirrorMaker 2's filter plug-in keys ({@code topic.filter.class}, {@code group.filter.class},
 * {@code config.property.filter.class}): MM2's default classes mean Tandem's own filters, which read the same keys;
 * any other class is a user's filter written against MM2's interface, called through {@link Mm2Plugin}. A class that
 * cannot be loaded fails validation naming the key, never falls back silently to the default filter.
 */
public final class Mm2Filters {

    public static final String TOPIC_FILTER_CLASS = "topic.filter.class";
    public static final String GROUP_FILTER_CLASS = "group.filter.class";
    public static final String CONFIG_PROPERTY_FILTER_CLASS = "config.property.filter.class";
    public static final String DEFAULT_TOPIC_FILTER = Mm2Plugin.MM2_PACKAGE + "DefaultTopicFilter";
    public static final String DEFAULT_GROUP_FILTER = Mm2Plugin.MM2_PACKAGE + "DefaultGroupFilter";
    public static final String DEFAULT_CONFIG_PROPERTY_FILTER = Mm2Plugin.MM2_PACKAGE + "DefaultConfigPropertyFilter";
    public static final String TOPIC_FILTER_INTERFACE = Mm2Plugin.MM2_PACKAGE + "TopicFilter";
    public static final String GROUP_FILTER_INTERFACE = Mm2Plugin.MM2_PACKAGE + "GroupFilter";
    public static final String CONFIG_PROPERTY_FILTER_INTERFACE = Mm2Plugin.MM2_PACKAGE + "ConfigPropertyFilter";

    private Mm2Filters() {}

    /** The topic filter {@code className} stands for: {@code standard} for MM2's default, else the user's class. */
    public static TopicFilter topicFilter(String className, Map<String, ?> configs, Supplier<TopicFilter> standard) {
        if (isDefault(className, DEFAULT_TOPIC_FILTER)) {
            return standard.get();
        }
        Mm2Plugin filter = Mm2Plugin.load(TOPIC_FILTER_CLASS, className.trim(), TOPIC_FILTER_INTERFACE, configs);
        return topic -> filter.test("shouldReplicateTopic", topic);
    }

    /** The group filter {@code className} stands for: {@code standard} for MM2's default, else the user's class. */
    public static GroupFilter groupFilter(String className, Map<String, ?> configs, Supplier<GroupFilter> standard) {
        if (isDefault(className, DEFAULT_GROUP_FILTER)) {
            return standard.get();
        }
        Mm2Plugin filter = Mm2Plugin.load(GROUP_FILTER_CLASS, className.trim(), GROUP_FILTER_INTERFACE, configs);
        return group -> filter.test("shouldReplicateGroup", group);
    }

    /** True for an empty value or MM2's own default class, which Tandem's filter stands in for. */
    public static boolean isDefault(String className, String defaultClass) {
        return className == null || className.isBlank() || defaultClass.equals(className.trim());
    }

    /** Defines {@code topic.filter.class}, with the same default as MM2. */
    public static ConfigDef defineTopicFilterClass(ConfigDef def, String group, int order) {
        return define(def, TOPIC_FILTER_CLASS, DEFAULT_TOPIC_FILTER, TOPIC_FILTER_INTERFACE, "topics", group, order);
    }

    /** Defines {@code group.filter.class}, with the same default as MM2. */
    public static ConfigDef defineGroupFilterClass(ConfigDef def, String group, int order) {
        return define(def, GROUP_FILTER_CLASS, DEFAULT_GROUP_FILTER, GROUP_FILTER_INTERFACE, "groups", group, order);
    }

    /** Defines {@code config.property.filter.class}, with the same default as MM2. */
    public static ConfigDef defineConfigPropertyFilterClass(ConfigDef def, String group, int order) {
        return define(
                def,
                CONFIG_PROPERTY_FILTER_CLASS,
                DEFAULT_CONFIG_PROPERTY_FILTER,
                CONFIG_PROPERTY_FILTER_INTERFACE,
                "config.properties.exclude and use.defaults.from",
                group,
                order);
    }

    private static ConfigDef define(
            ConfigDef def,
            String key,
            String defaultClass,
            String mm2Interface,
            String ownKeys,
            String group,
            int order) {
        return def.define(
                key,
                Type.STRING,
                defaultClass,
                validator(mm2Interface, defaultClass),
                Importance.LOW,
                "A class implementing MirrorMaker 2's " + mm2Interface + ", as in MM2. The default, " + defaultClass
                        + ", is Tandem's own filter reading " + ownKeys + " (MM2's jars are not needed for it). Any"
                        + " other class is built with its no-argument constructor and configured with the connector's"
                        + " settings; it and MM2's connect-mirror and connect-mirror-client jars go beside Tandem's"
                        + " connectors on the plugin path (the driver: in lib/ or CLASSPATH).",
                group,
                order,
                ConfigDef.Width.LONG,
                key);
    }

    /** Accepts MM2's default class, or a loadable class implementing MM2's {@code mm2Interface}. */
    static ConfigDef.Validator validator(String mm2Interface, String defaultClass) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value != null && !isDefault(value.toString(), defaultClass)) {
                    Mm2Plugin.loadClass(name, value.toString().trim(), mm2Interface);
                }
            }

            @Override
            public String toString() {
                return "a class implementing " + mm2Interface;
            }
        };
    }
}
