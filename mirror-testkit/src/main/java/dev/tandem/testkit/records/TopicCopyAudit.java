package dev.tandem.testkit.records;

import dev.tandem.testkit.kafka.KafkaTestClient;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * {@link CopyAudit} over every partition of a topic: the source read from its start, the copy read from its start,
 * both {@code read_committed}, as a consumer of each would see them. Records are told apart by key, value, headers
 * and timestamp.
 */
public record TopicCopyAudit(int sourceRecords, int targetRecords, int lost, int duplicates, List<String> problems) {

    public TopicCopyAudit {
        problems = List.copyOf(problems);
    }

    public static TopicCopyAudit of(KafkaTestClient source, String topic, KafkaTestClient target, String remoteTopic) {
        return of(source.consumeAll(topic), target.consumeAll(remoteTopic));
    }

    public static TopicCopyAudit of(
            List<ConsumerRecord<byte[], byte[]>> source, List<ConsumerRecord<byte[], byte[]>> target) {
        int lost = 0;
        int duplicates = 0;
        List<String> problems = new ArrayList<>();
        for (int p : ByPartition.partitions(source)) {
            CopyAudit audit = CopyAudit.of(ByPartition.only(source, p), ByPartition.only(target, p));
            lost += audit.lost();
            duplicates += audit.duplicates();
            audit.problems().forEach(problem -> problems.add("partition " + p + ": " + problem));
        }
        for (int p : ByPartition.partitions(target)) {
            if (!ByPartition.partitions(source).contains(p)) {
                problems.add("partition " + p + " of the copy has records the source partition does not");
            }
        }
        return new TopicCopyAudit(source.size(), target.size(), lost, duplicates, problems);
    }

    @Override
    public String toString() {
        return String.format(
                "%,d source records, %,d in the copy: lost %d, duplicates %,d%s",
                sourceRecords, targetRecords, lost, duplicates, problems.isEmpty() ? "" : " " + problems);
    }
}
