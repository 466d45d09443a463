package dev.tandem.source.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every remote topic exist on the target with at least its source topic's partition count: creates missing
 * ones (with the source's synced configs) and adds partitions when the source grew. Tasks are only given partitions
 * whose remote partition exists, so nothing relies on the broker auto-creating topics with the wrong layout.
 */
public final class RemoteTopicCreator {

    private static final Logger log = LoggerFactory.getLogger(RemoteTopicCreator.class);

    /** How long a refresh waits for the leaders of remote partitions it just made, before deferring them. */
    private static final Duration LEADER_WAIT = Duration.ofSeconds(10);

    /**
     * The first pause between two looks at new partitions' leaders; it doubles up to {@link #LEADER_POLL_MAX}. Every
     * look describes all topics still waiting and asks their leaders for end offsets: at 2,300 new topics, ten such
     * requests a second kept the target's broker busy while it was still applying those partitions, and the last
     * became writable 97 s after the start (the same broker listed 10,000 new partitions after 38 s when nothing
     * asked meanwhile; scale run of 2026-12-07 15:03).
     */
    private static final Duration LEADER_POLL = Duration.ofMillis(100);

    private static final Duration LEADER_POLL_MAX = Duration.ofSeconds(2);

    private final Admin targetAdmin;
    private final DeletedTopics deleted;
    private final Optional<Short> replicationFactor;
    private final Duration timeout;
    /** Partition counts seen on the target, so steady state costs one listTopics per refresh. */
    private final Map<String, Integer> knownPartitions = new HashMap<>();
    /** Topic ids of the remote topics at the last refresh, to tell a remote topic deleted or replaced since. */
    private final Map<String, Uuid> knownIds = new HashMap<>();
    /** Remote topics created or grown whose new partitions had no leader yet when last described. */
    private final Set<String> awaitingLeaders = new HashSet<>();
    /** Remote topics deleted on the target while this connector ran; their tasks check them at start. */
    private final Set<String> replaced = new TreeSet<>();

    public RemoteTopicCreator(Admin targetAdmin, Optional<Short> replicationFactor, Duration timeout) {
        this.targetAdmin = targetAdmin;
        this.replicationFactor = replicationFactor;
        this.timeout = timeout;
        this.deleted = new DeletedTopics(targetAdmin, timeout);
    }

    /**
     * Ensures each remote topic in {@code wanted} (remote name to source partition count) exists with enough
     * partitions. {@code configsForNew} gives the configs of a remote topic if it must be created.
     *
     * @return the remote topics that are ready to receive records
     */
    public Set<String> ensure(Map<String, Integer> wanted, ConfigSource configsForNew)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Uuid> existing = new HashMap<>();
        for (TopicListing listing :
                targetAdmin.listTopics().listings().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            existing.put(listing.name(), listing.topicId());
        }
        forgetReplaced(wanted.keySet(), existing);

        Set<String> ready = new HashSet<>();
        Map<String, NewTopic> toCreate = new HashMap<>();
        Set<String> toDescribe = new HashSet<>();
        awaitingLeaders.retainAll(existing.keySet());
        wanted.forEach((remote, partitions) -> {
            if (!existing.containsKey(remote)) {
                toCreate.put(remote, null);
            } else if (knownPartitions.getOrDefault(remote, 0) < partitions || awaitingLeaders.contains(remote)) {
                toDescribe.add(remote);
            } else {
                ready.add(remote);
            }
        });
        if (!toCreate.isEmpty()) {
            Map<String, Map<String, String>> configs = configsForNew.configsFor(toCreate.keySet());
            toCreate.replaceAll(
                    (remote, none) -> new NewTopic(remote, Optional.of(wanted.get(remote)), replicationFactor)
                            .configs(configs.getOrDefault(remote, Map.of())));
            create(toCreate, ready);
        }
        if (!toDescribe.isEmpty()) {
            grow(wanted, toDescribe, ready);
        }
        Set<String> fresh = new HashSet<>(ready);
        fresh.retainAll(awaitingLeaders);
        if (!fresh.isEmpty()) {
            ready.removeAll(withoutLeaders(fresh));
        }
        return ready;
    }

    /**
     * Of the remote topics just created or grown, those with a partition that has no leader yet. Until it has one,
     * a producer writing there only retries and warns (at 4,000 new partitions, tens of thousands of warnings), so
     * such a topic is handed to the tasks at a later refresh, once every partition has a leader.
     */
    private Set<String> withoutLeaders(Set<String> remotes) throws InterruptedException {
        Set<String> leaderless = new HashSet<>(remotes);
        // The broker answers a metadata request with the new leader a moment before that leader takes writes
        // (producers then see NOT_LEADER_OR_FOLLOWER, and an idempotent one was seen stuck on
        // OUT_OF_ORDER_SEQUENCE_NUMBER for good). ListOffsets is served by the leader itself, so a partition whose
        // end offset it returns is one the producer can write to.
        long deadline = System.nanoTime() + LEADER_WAIT.toNanos();
        long pauseMs = LEADER_POLL.toMillis();
        do {
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            Set<String> visible = visibleWithLeaders(leaderless, remainingMs);
            Set<String> notYet = new HashSet<>(leaderless);
            notYet.removeAll(visible);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (String remote : visible) {
                for (int p = 0; p < knownPartitions.getOrDefault(remote, 0); p++) {
                    request.put(new TopicPartition(remote, p), OffsetSpec.latest());
                }
            }
            if (!request.isEmpty()) {
                ListOffsetsResult ends =
                        targetAdmin.listOffsets(request, new ListOffsetsOptions().timeoutMs((int) remainingMs));
                for (TopicPartition tp : request.keySet()) {
                    try {
                        ends.partitionResult(tp).get(remainingMs, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException | TimeoutException notLedYet) {
                        notYet.add(tp.topic());
                    }
                }
            }
            for (String remote : new HashSet<>(leaderless)) {
                if (!notYet.contains(remote)) {
                    awaitingLeaders.remove(remote);
                    leaderless.remove(remote);
                }
            }
            if (leaderless.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            Thread.sleep(pauseMs);
            pauseMs = Math.min(2 * pauseMs, LEADER_POLL_MAX.toMillis());
        } while (true);
        if (!leaderless.isEmpty()) {
            log.info(
                    "{} new remote topic(s) have partitions whose leader does not take writes yet; their copy starts"
                            + " once it does: {}",
                    leaderless.size(),
                    leaderless.size() <= 20 ? leaderless : "(" + leaderless.size() + " topics)");
        }
        return leaderless;
    }

    /**
     * Of {@code remotes}, those the target's metadata already lists with a leader for every partition. ListOffsets
     * for a topic the answering broker does not know yet fails, and a Kafka 3.9 admin client (a plugin on a 3.9
     * worker) logs that at ERROR, once per new topic; describing first keeps such topics out of the request.
     */
    private Set<String> visibleWithLeaders(Set<String> remotes, long timeoutMs) throws InterruptedException {
        Set<String> visible = new HashSet<>();
        Map<String, KafkaFuture<TopicDescription>> described = targetAdmin
                .describeTopics(remotes, new DescribeTopicsOptions().timeoutMs((int) timeoutMs))
                .topicNameValues();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : described.entrySet()) {
            try {
                TopicDescription description = entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                boolean led = description.partitions().size() >= knownPartitions.getOrDefault(entry.getKey(), 0)
                        && description.partitions().stream()
                                .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                if (led) {
                    visible.add(entry.getKey());
                }
            } catch (ExecutionException | TimeoutException notListedYet) {
                // not in the metadata yet: asked again at the next round
            }
        }
        return visible;
    }

    private void create(Map<String, NewTopic> toCreate, Set<String> ready)
            throws InterruptedException, TimeoutException {
        for (Map<String, NewTopic> batch :
                PartitionBatches.of(toCreate, NewTopic::numPartitions, PartitionBatches.MAX_PARTITIONS)) {
            createBatch(batch, ready);
        }
    }

    private void createBatch(Map<String, NewTopic> toCreate, Set<String> ready)
            throws InterruptedException, TimeoutException {
        CreateTopicsResult created = targetAdmin.createTopics(toCreate.values());
        Map<String, KafkaFuture<Void>> results = created.values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            String remote = result.getKey();
            NewTopic topic = toCreate.get(remote);
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info(
                        "Created remote topic {} with {} partitions and configs {}",
                        remote,
                        topic.numPartitions(),
                        topic.configs());
                knownPartitions.put(remote, topic.numPartitions());
                awaitingLeaders.add(remote);
                // Known from now on, so a deletion before the next refresh is noticed too.
                knownIds.put(remote, created.topicId(remote).get(timeout.toMillis(), TimeUnit.MILLISECONDS));
                ready.add(remote);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    continue; // another worker created it; it is described on the next refresh
                }
                log.error(
                        "Cannot create remote topic {} on the target: {}. Its records are not copied until this"
                                + " succeeds; check the target's ACLs (CREATE on the topic) and its create-topic policy.",
                        remote,
                        e.getCause().toString());
            }
        }
    }

    private void grow(Map<String, Integer> wanted, Set<String> toDescribe, Set<String> ready)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> description :
                targetAdmin.describeTopics(toDescribe).topicNameValues().entrySet()) {
            try {
                described.put(
                        description.getKey(), description.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                // The controller has it (see DeletedTopics) but this broker does not list it yet: not ready this
                // time, described again at the next refresh. Failing the whole refresh here held up every other topic.
            }
        }
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
        List<Map.Entry<String, KafkaFuture<Void>>> results = new ArrayList<>();
        for (Map<String, NewPartitions> batch :
                PartitionBatches.of(increases, NewPartitions::totalCount, PartitionBatches.MAX_PARTITIONS)) {
            results.addAll(targetAdmin.createPartitions(batch).values().entrySet());
        }
        for (Map.Entry<String, KafkaFuture<Void>> result : results) {
            String remote = result.getKey();
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                log.info("Grew remote topic {} to {} partitions", remote, wanted.get(remote));
                knownPartitions.put(remote, wanted.get(remote));
                awaitingLeaders.add(remote);
                ready.add(remote);
            } catch (ExecutionException e) {
                log.error(
                        "Cannot add partitions to remote topic {} (to {}): {}. New source partitions are not copied"
                                + " until this succeeds.",
                        remote,
                        wanted.get(remote),
                        e.getCause().toString());
            }
        }
    }

    /**
     * Notices remote topics that were deleted, or deleted and created again (by an operator, or by a broker that
     * auto-creates topics), since the last refresh. Both are said loudly: the records copied into them are gone from
     * the target. The tasks see the same from the offsets their records land at and copy those partitions again.
     */
    private void forgetReplaced(Set<String> wanted, Map<String, Uuid> existing) throws InterruptedException {
        Set<String> unlisted = new HashSet<>();
        for (String remote : wanted) {
            if (knownIds.containsKey(remote) && !existing.containsKey(remote)) {
                unlisted.add(remote);
            }
        }
        Set<String> gone = deleted.of(unlisted);
        for (String remote : unlisted) {
            if (!gone.contains(remote)) {
                // The broker's listing lags: the topic is there, as it was.
                existing.put(remote, knownIds.get(remote));
            }
        }
        for (String remote : wanted) {
            Uuid known = knownIds.get(remote);
            Uuid now = existing.get(remote);
            if (known != null && now == null) {
                log.error(
                        "Remote topic {} was deleted on the target while its records were being copied into it;"
                                + " creating it again. Tandem copies its source partitions again from their oldest records."
                                + " To stop copying a topic, exclude it with 'topics.exclude' instead of deleting its copy.",
                        remote);
            } else if (known != null && !known.equals(now)) {
                log.error(
                        "Remote topic {} was deleted and created again on the target (topic id {} is now {}); the"
                                + " records copied before are gone with the old topic. Tandem checks its partitions and copies"
                                + " its source partitions again from their oldest records.",
                        remote,
                        known,
                        now);
            }
            if (known != null && !known.equals(now)) {
                knownPartitions.remove(remote);
                replaced.add(remote);
            }
        }
        knownPartitions.keySet().retainAll(existing.keySet());
        knownIds.clear();
        existing.forEach((name, id) -> {
            if (wanted.contains(name)) {
                knownIds.put(name, id);
            }
        });
    }

    /** Remote topics that were deleted (and so created again) on the target since this creator started. */
    public Set<String> replaced() {
        return Set.copyOf(replaced);
    }

    /** Supplies configs for remote topics about to be created, by remote name. */
    @FunctionalInterface
    public interface ConfigSource {
        Map<String, Map<String, String>> configsFor(Set<String> remoteTopics)
                throws InterruptedException, ExecutionException, TimeoutException;
    }
}
