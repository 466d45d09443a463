package dev.tandem.source.topics;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Tells a topic that was deleted from one a broker's listing only lags behind. A broker lists topics from its own copy
 * of the cluster's metadata, which trails the controller while it applies a large change: at 10,000 new remote
 * partitions, topics created and acknowledged 16 s earlier were still missing from the target broker's listing, and
 * 1,270 of them were reported deleted. The controller knows: a create it is asked only to validate fails with
 * {@link TopicExistsException} for a topic that exists, whatever the broker's listing says.
 */
final class DeletedTopics {

    private final Admin admin;
    private final Duration timeout;

    DeletedTopics(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * Of {@code unlisted}, topics a listing did not show, those that are gone. A topic whose check fails otherwise (no
     * answer, no CREATE permission) counts as gone, as the listing said.
     */
    Set<String> of(Collection<String> unlisted) throws InterruptedException {
        Set<String> gone = new HashSet<>(unlisted);
        if (unlisted.isEmpty()) {
            return gone;
        }
        List<NewTopic> probes = unlisted.stream()
                .map(name -> new NewTopic(name, Optional.empty(), Optional.empty()))
                .toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(
                        probes, new CreateTopicsOptions().validateOnly(true).timeoutMs((int) timeout.toMillis()))
                .values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    gone.remove(result.getKey());
                }
            } catch (TimeoutException e) {
                // no answer: the listing's word stands
            }
        }
        return gone;
    }
}
