package dev.tandem.common.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Tandem's bookkeeping topics (offset syncs, checkpoints, heartbeats) when they do not exist yet. */
public final class InternalTopics {

    private static final Logger log = LoggerFactory.getLogger(InternalTopics.class);

    private InternalTopics() {}

    /** Creates a compacted single-partition topic unless it exists; {@code replicationFactor} empty means the broker default. */
    public static void ensureCompacted(Admin admin, String topic, Optional<Short> replicationFactor, Duration timeout)
            throws InterruptedException, TimeoutException {
        ensureCompacted(admin, topic, replicationFactor, Map.of(), timeout);
    }

    /** The same, with topic configs of its own ({@code segment.ms}, ...) beside {@code cleanup.policy=compact}. */
    public static void ensureCompacted(
            Admin admin, String topic, Optional<Short> replicationFactor, Map<String, String> configs, Duration timeout)
            throws InterruptedException, TimeoutException {
        Map<String, String> all = new HashMap<>(configs);
        all.put("cleanup.policy", "compact");
        ensure(admin, new NewTopic(topic, Optional.of(1), replicationFactor).configs(all), timeout);
    }

    public static void ensure(Admin admin, NewTopic topic, Duration timeout)
            throws InterruptedException, TimeoutException {
        try {
            // The call's own deadline, not only the wait's: a call left pending would hold the admin's close for its
            // default 60 s when the cluster does not answer.
            CreateTopicsOptions options =
                    new CreateTopicsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            admin.createTopics(List.of(topic), options).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created internal topic {}", topic.name());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                TimeoutException timedOut = new TimeoutException(
                        "Creating internal topic " + topic.name() + " timed out after " + timeout.toMillis() + " ms");
                timedOut.initCause(e.getCause());
                throw timedOut;
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(
                        "Cannot create internal topic " + topic.name() + ": " + e.getCause() + ". Create it yourself ("
                                + topic + ") or grant CREATE on it.",
                        e.getCause());
            }
        }
    }
}
