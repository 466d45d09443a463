package dev.tandem.bench.scale;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates many topics of one partition count. One request per {@value #BATCH} topics: a single request for thousands
 * of topics holds the controller for one long stretch and can outlast the admin client's timeout.
 */
final class TopicBatches {

    static final int BATCH = 500;

    private TopicBatches() {}

    /** Returns the seconds from the first request until the last batch was created. */
    static double create(Admin admin, List<String> topics, int partitions) throws Exception {
        long started = System.nanoTime();
        for (int from = 0; from < topics.size(); from += BATCH) {
            List<NewTopic> batch = topics.subList(from, Math.min(topics.size(), from + BATCH)).stream()
                    .map(topic -> new NewTopic(topic, partitions, (short) 1))
                    .toList();
            admin.createTopics(batch).all().get(2, TimeUnit.MINUTES);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /**
     * Seconds from {@code startedNanos} until {@code admin}'s cluster lists every one of {@code topics}, listed once a
     * second as the replicators' remote topics are: a broker lists a topic only once it applied it, and applying
     * thousands of new partitions takes a single broker far longer than the controller takes to create them.
     */
    static double awaitListed(Admin admin, List<String> topics, long startedNanos, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> wanted = new HashSet<>(topics);
        while (true) {
            Set<String> listed = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            if (listed.containsAll(wanted)) {
                return (System.nanoTime() - startedNanos) / 1e9;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "B listed only some of the " + wanted.size() + " topics created within " + timeout);
            }
            TimeUnit.SECONDS.sleep(1); // the replicators' topics are listed at this pace too
        }
    }
}
