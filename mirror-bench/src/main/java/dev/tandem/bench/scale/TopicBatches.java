package dev.tandem.bench.scale;

import java.util.List;
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
}
