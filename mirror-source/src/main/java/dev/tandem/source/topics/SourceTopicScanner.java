package dev.tandem.source.topics;

import dev.tandem.common.filter.TopicSelector;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/** Lists the source topics a flow copies and their partition counts. */
public final class SourceTopicScanner {

    private final Admin sourceAdmin;
    private final TopicSelector selector;
    private final Duration timeout;

    public SourceTopicScanner(Admin sourceAdmin, TopicSelector selector, Duration timeout) {
        this.sourceAdmin = sourceAdmin;
        this.selector = selector;
        this.timeout = timeout;
    }

    /** Selected source topics with their partition counts, sorted by name. */
    public Map<String, Integer> scan() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> selected = sourceAdmin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(selector::shouldReplicate)
                .collect(Collectors.toSet());
        Map<String, Integer> partitions = new TreeMap<>();
        if (selected.isEmpty()) {
            return partitions;
        }
        Map<String, TopicDescription> described =
                sourceAdmin.describeTopics(selected).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        described.forEach((topic, description) ->
                partitions.put(topic, description.partitions().size()));
        return partitions;
    }
}
