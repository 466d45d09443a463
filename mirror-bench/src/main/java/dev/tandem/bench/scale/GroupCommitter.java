package dev.tandem.bench.scale;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits each group's offsets through the admin client, as a consumer that stopped there would have left them: the
 * groups exist, with no members, and the replicators find them by listing A's groups.
 */
final class GroupCommitter {

    /** Commits in flight at once: a thousand groups one after another would take a round trip each. */
    private static final int IN_FLIGHT = 100;

    private GroupCommitter() {}

    static void commit(Admin admin, Map<String, List<TopicPartition>> groups, long offset) throws Exception {
        List<KafkaFuture<Void>> pending = new ArrayList<>();
        for (Map.Entry<String, List<TopicPartition>> group : groups.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            group.getValue().forEach(tp -> offsets.put(tp, new OffsetAndMetadata(offset)));
            pending.add(admin.alterConsumerGroupOffsets(group.getKey(), offsets).all());
            if (pending.size() >= IN_FLIGHT) {
                awaitAll(pending);
            }
        }
        awaitAll(pending);
    }

    private static void awaitAll(List<KafkaFuture<Void>> pending) throws Exception {
        KafkaFuture.allOf(pending.toArray(new KafkaFuture<?>[0])).get(2, TimeUnit.MINUTES);
        pending.clear();
    }
}
