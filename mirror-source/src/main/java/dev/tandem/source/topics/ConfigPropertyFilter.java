package dev.tandem.source.topics;

import dev.tandem.client.mm2.Mm2Plugin;
import dev.tandem.common.filter.Mm2Filters;
import dev.tandem.common.filter.RegexList;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * Which topic configs travel to the remote topic, as MirrorMaker 2's {@code ConfigPropertyFilter} decides: a config
 * set on the source topic itself travels unless the filter refuses its name; a config the source topic takes from
 * its cluster's defaults travels only when the filter asks for the source's defaults ({@code use.defaults.from =
 * source}), else the target keeps its own. Read-only and sensitive configs never travel.
 */
public final class ConfigPropertyFilter {

    private final Predicate<String> replicates;
    private final Predicate<String> takesSourceDefault;

    private ConfigPropertyFilter(Predicate<String> replicates, Predicate<String> takesSourceDefault) {
        this.replicates = replicates;
        this.takesSourceDefault = takesSourceDefault;
    }

    /** Tandem's filter: {@code config.properties.exclude} and {@code use.defaults.from}, as MM2's default filter. */
    public static ConfigPropertyFilter standard(RegexList excluded, boolean useSourceDefaults) {
        return new ConfigPropertyFilter(name -> !excluded.matches(name), name -> useSourceDefaults);
    }

    /**
     * The filter {@code className} stands for: {@code standard} for MM2's default class, else the user's class
     * written against MM2's interface, asked both of its questions.
     */
    public static ConfigPropertyFilter of(
            String className, Map<String, ?> configs, Supplier<ConfigPropertyFilter> standard) {
        if (Mm2Filters.isDefault(className, Mm2Filters.DEFAULT_CONFIG_PROPERTY_FILTER)) {
            return standard.get();
        }
        Mm2Plugin filter = Mm2Plugin.load(
                Mm2Filters.CONFIG_PROPERTY_FILTER_CLASS,
                className.trim(),
                Mm2Filters.CONFIG_PROPERTY_FILTER_INTERFACE,
                configs);
        return new ConfigPropertyFilter(
                name -> filter.test("shouldReplicateConfigProperty", name),
                name -> filter.test("shouldReplicateSourceDefault", name));
    }

    /** True for a config name the filter never touches on the target, neither set nor deleted. */
    public boolean isExcluded(String name) {
        return !replicates.test(name);
    }

    /** True when the source topic's entry should be set on its remote topic. */
    public boolean shouldSync(ConfigEntry entry) {
        if (entry.isReadOnly() || entry.isSensitive() || entry.value() == null || isExcluded(entry.name())) {
            return false;
        }
        return entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG || takesSourceDefault.test(entry.name());
    }
}
