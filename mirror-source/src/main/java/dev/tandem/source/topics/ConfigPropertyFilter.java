package dev.tandem.source.topics;

import dev.tandem.common.filter.RegexList;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * Which topic configs travel to the remote topic: those set on the source topic itself, minus the excluded
 * broker-local ones (throttled replicas, min.insync.replicas, unclean leader election, message.timestamp.*).
 * Source defaults are not copied: the target keeps its own defaults, as with MirrorMaker 2's default.
 */
public final class ConfigPropertyFilter {

    private final RegexList excluded;

    public ConfigPropertyFilter(RegexList excluded) {
        this.excluded = excluded;
    }

    public boolean isExcluded(String name) {
        return excluded.matches(name);
    }

    /** True when the entry is set on the topic itself and not excluded. */
    public boolean shouldSync(ConfigEntry entry) {
        return entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                && !entry.isReadOnly()
                && !isExcluded(entry.name());
    }
}
