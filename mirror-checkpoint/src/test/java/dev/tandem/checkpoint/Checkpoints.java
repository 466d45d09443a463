package dev.tandem.checkpoint;

import dev.tandem.client.records.Checkpoint;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads a checkpoints topic as MirrorMaker 2's client does: the latest checkpoint of each partition of a group. */
final class Checkpoints {

    private Checkpoints() {}

    static Map<TopicPartition, Checkpoint> latest(KafkaTestClient target, String checkpointsTopic, String group) {
        Map<TopicPartition, Checkpoint> latest = new HashMap<>();
        if (!target.topics().contains(checkpointsTopic)) {
            return latest;
        }
        for (ConsumerRecord<byte[], byte[]> record : target.consumeAll(checkpointsTopic)) {
            Checkpoint checkpoint = Checkpoint.decode(record.key(), record.value());
            if (checkpoint.consumerGroupId().equals(group)) {
                latest.put(checkpoint.topicPartition(), checkpoint);
            }
        }
        return latest;
    }
}
