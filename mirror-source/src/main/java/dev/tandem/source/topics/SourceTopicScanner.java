package dev.tandem.source.topics;

import dev.tandem.common.filter.TopicSelector;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.common.Uuid;

/**
 * Lists the source topics a flow copies, their ids and partition counts. Each scan lists the topic names and ids
 * (one cheap request). Up to {@value #DESCRIBE_ALL_UP_TO} selected topics it describes them all, so partitions added to a topic
 * are seen at the next scan; above that it describes only topics it has not seen, and all of them every
 * {@value #FULL_DESCRIBE_EVERY}th scan (a minute at the default 5 s), so at 2,500 topics a describe of 10,000
 * partitions runs once a minute instead of every 5 s.
 */
public final class SourceTopicScanner {

    /** Up to this many selected topics every scan describes all of them. */
    static final int DESCRIBE_ALL_UP_TO = 1_000;
    /** Above {@link #DESCRIBE_ALL_UP_TO}, every this many scans all selected topics are described again. */
    static final int FULL_DESCRIBE_EVERY = 12;

    private final Admin sourceAdmin;
    private final TopicSelector selector;
    private final Duration timeout;
    /** Partition counts of the selected topics at the last scan. */
    private final Map<String, Integer> known = new HashMap<>();
    /** Topic ids of the selected topics at the last scan. */
    private final Map<String, Uuid> ids = new HashMap<>();

    private int scans;

    public SourceTopicScanner(Admin sourceAdmin, TopicSelector selector, Duration timeout) {
        this.sourceAdmin = sourceAdmin;
        this.selector = selector;
        this.timeout = timeout;
    }

    /** Selected source topics with their partition counts, sorted by name. */
    public Map<String, Integer> scan() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Uuid> listed = new HashMap<>();
        for (TopicListing listing :
                sourceAdmin.listTopics().listings().get(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            if (selector.shouldReplicate(listing.name())) {
                listed.put(listing.name(), listing.topicId());
            }
        }
        Set<String> selected = listed.keySet();
        known.keySet().retainAll(selected);
        // A topic deleted and made again between two scans has a new id: describe it again, its partitions may differ.
        listed.forEach((topic, id) -> {
            if (!id.equals(ids.get(topic))) {
                known.remove(topic);
            }
        });
        ids.clear();
        ids.putAll(listed);
        boolean full = scans++ % FULL_DESCRIBE_EVERY == 0 || selected.size() <= DESCRIBE_ALL_UP_TO;
        Set<String> toDescribe = new HashSet<>(selected);
        if (!full) {
            toDescribe.removeAll(known.keySet());
        }
        if (!toDescribe.isEmpty()) {
            Map<String, TopicDescription> described = sourceAdmin
                    .describeTopics(toDescribe)
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            described.forEach((topic, description) ->
                    known.put(topic, description.partitions().size()));
        }
        return new TreeMap<>(known);
    }

    /** The id of each topic of the last {@link #scan}; a topic deleted and made again has a new one. */
    public Map<String, Uuid> topicIds() {
        return Map.copyOf(ids);
    }
}
