package dev.tandem.driver;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The checkpoints of A->B on B, as a consumer of {@code A.checkpoints.internal} reads them. */
final class Checkpoints {

    private Checkpoints() {}

    /** Every checkpoint of {@code group} in the order written; none before the topic exists. */
    static List<Checkpoint> of(KafkaTestClient onB, String group) {
        List<Checkpoint> all = new ArrayList<>();
        if (!onB.topics().contains("A.checkpoints.internal")) {
            return all;
        }
        for (ConsumerRecord<byte[], byte[]> record : onB.consumeAll("A.checkpoints.internal")) {
            Checkpoint checkpoint = Checkpoint.decode(record.key(), record.value());
            if (checkpoint.consumerGroupId().equals(group)) {
                all.add(checkpoint);
            }
        }
        return all;
    }

    /** The newest checkpoint of {@code group}, or null. */
    static Checkpoint newest(KafkaTestClient onB, String group) {
        List<Checkpoint> all = of(onB, group);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }
}
