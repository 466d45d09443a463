package dev.tandem.source.topics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes every remote topic exist on the target with at least its source topic's partition count: creates missing
 * ones (with the source's synced configs) and adds partitions when the source grew. Tasks are only given partitions
 * whose remote partition exists, so nothing relies on the broker auto-creating topics with the wrong layout.
 */
public final class RemoteTopicCreator {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopicCreator.class);

    private final Admin targetAdmin;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;
    /** Partition counts seen on the target, so steady state costs one listTopics per refresh. */
    private final Map<String, Integer> knownPartitions = new HashMap<>();

    public RemoteTopicCreator(Admin targetAdmin, Optional<Short> replicationFactor, Duration timeout) {
        this.targetAdmin = targetAdmin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
    }

    /**
     * Ensures each remote topic in {@code wanted} (remote name to source partition count) exists with enough
     * partitions. {@code configsForNew} gives the configs of a remote topic if it must be created.
     *
     * @return the remote topics that are ready to receive records
     */
    public Set<String> ensure(Map<String, Integer> wanted, ConfigSource configsForNew)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = targetAdmin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        knownPartitions.keySet().retainAll(existing);

        Set<String> ready = new HashSet<>();
        Map<String, NewTopic> toCreate = new HashMap<>();
        Set<String> toDescribe = new HashSet<>();
        wanted.forEach((remote, partitions) -> {
            if (!existing.contains(remote)) {
                toCreate.put(remote, null);
            } else if (knownPartitions.getOrDefault(remote, 0) < partitions) {
                toDescribe.add(remote);
            } else {
                ready.add(remote);
            }
        });
        if (!toCreate.isEmpty()) {
            Map<String, Map<String, String>> configs = configsForNew.configsFor(toCreate.keySet());
            toCreate.replaceAll((remote, none) -> new NewTopic(remote, Optional.of(wanted.get(remote)), replicationFactor)
                    .configs(configs.getOrDefault(remote, Map.of())));
            create(toCreate, ready);
        }
        if (!toDescribe.isEmpty()) {
            grow(wanted, toDescribe, ready);
        }
        return ready;
    }

    private void create(Map<String, NewTopic> toCreate, Set<String> ready) throws InterruptedException, TimeoutException {
        Map<String, KafkaFuture<Void>> results = targetAdmin.createTopics(toCreate.values()).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            String remote = result.getKey();
            NewTopic topic = toCreate.get(remote);
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Created remote topic {} with {} partitions and configs {}", remote, topic.numPartitions(), topic.configs());
                knownPartitions.put(remote, topic.numPartitions());
                ready.add(remote);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    continue; // another worker created it; it is described on the next refresh
                }
                log.error("Cannot create remote topic {} on the target: {}. Its records are not copied until this"
                        + " succeeds; check the target's ACLs (CREATE on the topic) and its create-topic policy.",
                        remote, e.getCause().toString());
            }
        }
    }

    private void grow(Map<String, Integer> wanted, Set<String> toDescribe, Set<String> ready)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = targetAdmin.describeTopics(toDescribe).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, NewPartitions> increases = new HashMap<>();
        described.forEach((remote, description) -> {
            int current = description.partitions().size();
            int needed = wanted.get(remote);
            knownPartitions.put(remote, current);
            if (current < needed) {
                increases.put(remote, NewPartitions.increaseTo(needed));
            } else {
                ready.add(remote);
            }
        });
        for (Map.Entry<String, KafkaFuture<Void>> result : targetAdmin.createPartitions(increases).values().entrySet()) {
            String remote = result.getKey();
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Grew remote topic {} to {} partitions", remote, wanted.get(remote));
                knownPartitions.put(remote, wanted.get(remote));
                ready.add(remote);
            } catch (ExecutionException e) {
                log.error("Cannot add partitions to remote topic {} (to {}): {}. New source partitions are not copied"
                        + " until this succeeds.", remote, wanted.get(remote), e.getCause().toString());
            }
        }
    }

    /** Supplies configs for remote topics about to be created, by remote name. */
    @FunctionalInterface
    public interface ConfigSource {
        Map<String, Map<String, String>> configsFor(Set<String> remoteTopics)
                throws InterruptedException, ExecutionException, TimeoutException;
    }
}
