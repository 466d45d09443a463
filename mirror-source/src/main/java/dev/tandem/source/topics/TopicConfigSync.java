package dev.tandem.source.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the topic-level configs of remote topics equal to their source topics' with incremental alters, sending
 * only the differences: a setting changed on the source is SET on the target, a setting removed from the source
 * (back to its default) is DELETEd on the target. Excluded settings are never touched.
 */
public final class TopicConfigSync {

    private static final Logger log = LoggerFactory.getLogger(TopicConfigSync.class);
    /** Topics whose configs one run describes and aligns. */
    static final int BATCH = 250;

    private final Admin sourceAdmin;
    private final Admin targetAdmin;
    private final ConfigPropertyFilter filter;
    private final Duration timeout;
    /** The last source topic of the last batch. */
    private String cursor;

    public TopicConfigSync(Admin sourceAdmin, Admin targetAdmin, ConfigPropertyFilter filter, Duration timeout) {
        this.sourceAdmin = sourceAdmin;
        this.targetAdmin = targetAdmin;
        this.filter = filter;
        this.timeout = timeout;
    }

    /** The source topics' configs that should be set on their remote topics, by source topic. */
    public Map<String, Map<String, String>> sourceConfigs(Iterable<String> sourceTopics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Config> described = describe(sourceAdmin, sourceTopics);
        Map<String, Map<String, String>> result = new HashMap<>();
        described.forEach((topic, config) -> result.put(
                topic,
                config.entries().stream()
                        .filter(filter::shouldSync)
                        .collect(Collectors.toMap(ConfigEntry::name, ConfigEntry::value))));
        return result;
    }

    /**
     * Brings the configs of the next batch of at most {@value #BATCH} remote topics (in name order, wrapping around)
     * in line with their source topics; returns how many topics were altered. With few topics every run covers all;
     * at 2,500 topics a run describes 250 topics' configs on each cluster, not 2,500, and ten runs cover them all.
     */
    public int syncNextBatch(Map<String, String> remoteBySource)
            throws InterruptedException, ExecutionException, TimeoutException {
        return sync(nextBatch(remoteBySource));
    }

    /** The next {@value #BATCH} topics after the last batch's, in name order, wrapping around. */
    Map<String, String> nextBatch(Map<String, String> remoteBySource) {
        TreeMap<String, String> sorted = new TreeMap<>(remoteBySource);
        if (sorted.size() <= BATCH) {
            return sorted;
        }
        Map<String, String> batch = new LinkedHashMap<>();
        String from = cursor == null ? null : sorted.higherKey(cursor);
        // From after the last batch to the end, then from the start again.
        List<Map.Entry<String, String>> order = new ArrayList<>(
                from == null ? List.of() : sorted.tailMap(from, true).entrySet());
        order.addAll(sorted.entrySet());
        for (Map.Entry<String, String> e : order) {
            if (batch.size() == BATCH) {
                break;
            }
            if (batch.putIfAbsent(e.getKey(), e.getValue()) == null) {
                cursor = e.getKey();
            }
        }
        return batch;
    }

    /** Brings each remote topic's configs in line with its source topic; returns how many topics were altered. */
    int sync(Map<String, String> remoteBySource) throws InterruptedException, ExecutionException, TimeoutException {
        if (remoteBySource.isEmpty()) {
            return 0;
        }
        Map<String, Map<String, String>> wanted = sourceConfigs(remoteBySource.keySet());
        Map<String, Config> current = describe(targetAdmin, remoteBySource.values());
        Map<ConfigResource, Collection<AlterConfigOp>> alters = new HashMap<>();
        wanted.forEach((sourceTopic, configs) -> {
            String remote = remoteBySource.get(sourceTopic);
            Config target = current.get(remote);
            if (target == null) {
                return; // not created yet: the creator copies configs when it creates it
            }
            List<AlterConfigOp> ops = diff(configs, target);
            if (!ops.isEmpty()) {
                alters.put(new ConfigResource(ConfigResource.Type.TOPIC, remote), ops);
            }
        });
        if (alters.isEmpty()) {
            return 0;
        }
        alters.forEach((resource, ops) -> log.info(
                "Syncing configs of {}: {}",
                resource.name(),
                ops.stream()
                        .map(op -> op.opType() + " " + op.configEntry().name()
                                + (op.opType() == AlterConfigOp.OpType.SET
                                        ? "=" + op.configEntry().value()
                                        : ""))
                        .collect(Collectors.joining(", "))));
        targetAdmin.incrementalAlterConfigs(alters).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return alters.size();
    }

    /** The operations that turn {@code target} into {@code wanted}, leaving excluded settings alone. */
    List<AlterConfigOp> diff(Map<String, String> wanted, Config target) {
        List<AlterConfigOp> ops = new ArrayList<>();
        wanted.forEach((name, value) -> {
            ConfigEntry entry = target.get(name);
            boolean setOnTopic = entry != null && entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG;
            if (!setOnTopic || !Objects.equals(entry.value(), value)) {
                ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET));
            }
        });
        for (ConfigEntry entry : target.entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG
                    && !wanted.containsKey(entry.name())
                    && !filter.isExcluded(entry.name())) {
                ops.add(new AlterConfigOp(new ConfigEntry(entry.name(), null), AlterConfigOp.OpType.DELETE));
            }
        }
        return ops;
    }

    private Map<String, Config> describe(Admin admin, Iterable<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = new ArrayList<>();
        topics.forEach(topic -> resources.add(new ConfigResource(ConfigResource.Type.TOPIC, topic)));
        Map<ConfigResource, Config> described = new HashMap<>();
        // One failed topic (deleted meanwhile) must not stop the others.
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> e :
                admin.describeConfigs(resources).values().entrySet()) {
            try {
                described.put(e.getKey(), e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException missing) {
                log.debug(
                        "Cannot describe configs of {}: {}",
                        e.getKey().name(),
                        missing.getCause().toString());
            }
        }
        Map<String, Config> byTopic = new HashMap<>();
        described.forEach((resource, config) -> byTopic.put(resource.name(), config));
        return byTopic;
    }
}
