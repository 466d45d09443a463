package dev.tandem.source.topics;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.source.MirrorSourceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The largest record each remote topic takes ({@code max.message.bytes}, as the target resolves it), read once per task start. */
public final class RemoteTopicLimits {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopicLimits.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RemoteTopicLimits() {}

    /** By remote topic name; empty when the target cannot be asked now (the producer's own limit then applies). */
    public static Map<String, Integer> describe(
            MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy) {
        Set<String> remotes = partitions.stream()
                .map(tp -> policy.formatRemoteTopic(config.sourceClusterAlias(), tp.topic()))
                .collect(Collectors.toSet());
        if (remotes.isEmpty()) {
            return Map.of();
        }
        Admin admin = config.targetAdmin();
        try {
            List<ConfigResource> resources = remotes.stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .toList();
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(resources).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Integer> limits = new HashMap<>();
            configs.forEach((resource, topicConfig) -> {
                ConfigEntry entry = topicConfig.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
                if (entry != null && entry.value() != null) {
                    limits.put(resource.name(), Integer.parseInt(entry.value()));
                }
            });
            return limits;
        } catch (Exception e) {
            log.warn(
                    "Cannot read max.message.bytes of the remote topics on the target ({}); records are checked against"
                            + " the producer's max.request.size only until the task restarts",
                    e.toString());
            return Map.of();
        } finally {
            Utils.closeQuietly(() -> admin.close(TIMEOUT), "remote topic limits admin");
        }
    }
}
