package dev.tandem.bench.scale;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * End offsets of every topic on a cluster that holds no copied data: offset syncs, checkpoints, heartbeats, positions,
 * assignments, Connect's configs, offsets and status, and Kafka's own {@code __consumer_offsets} (a worker group's
 * rebalances and any offset commits land there). Whatever is not a data topic counts, so a topic nobody thought of
 * still shows up.
 */
final class InternalTopicEnds {

    private InternalTopicEnds() {}

    /** Per topic, labelled {@code <cluster>: <topic>}, the sum of its partitions' end offsets. */
    static Map<String, Long> read(Admin admin, String cluster, Predicate<String> isDataTopic) throws Exception {
        List<String> topics =
                admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS).stream()
                        .filter(isDataTopic.negate())
                        .toList();
        Map<String, Long> labelled = new TreeMap<>();
        new EndOffsetSums(admin).perTopic(topics).forEach((topic, end) -> labelled.put(cluster + ": " + topic, end));
        return labelled;
    }
}
