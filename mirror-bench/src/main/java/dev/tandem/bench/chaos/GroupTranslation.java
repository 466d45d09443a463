package dev.tandem.bench.chaos;

import dev.tandem.client.MirrorClient;
import dev.tandem.testkit.kafka.KafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.ByPartition;
import dev.tandem.testkit.records.FailoverCheck;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * A group committed half way through each partition of a topic on the source, moved to the target through its
 * checkpoints: per partition, the records it would read again and those it would skip. Exact means 0 and 0.
 */
record GroupTranslation(String group, String topic, int partitions, int reread, int skipped, String detail) {

    static GroupTranslation check(
            KafkaTestClient onSource, KafkaCluster target, KafkaTestClient onTarget, String group, String topic)
            throws InterruptedException {
        String remote = "A." + topic;
        List<ConsumerRecord<byte[], byte[]>> source = onSource.consumeAll(topic);
        Map<TopicPartition, Long> committed = new HashMap<>();
        onSource.endOffsets(topic).forEach((tp, end) -> committed.put(tp, end / 2));
        onSource.commit(group, committed);
        Map<TopicPartition, OffsetAndMetadata> translated = Map.of();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (MirrorClient client = new MirrorClient(new HashMap<>(target.clientConfig()))) {
            while (remotePartitions(translated, remote) < committed.size() && System.nanoTime() < deadline) {
                TimeUnit.SECONDS.sleep(2); // polling the checkpoints topic; the deadline bounds it
                translated = client.remoteConsumerOffsets(group, "A", Duration.ofSeconds(10));
            }
        }
        if (remotePartitions(translated, remote) < committed.size()) {
            return new GroupTranslation(
                    group,
                    topic,
                    committed.size(),
                    -1,
                    -1,
                    "no checkpoint for every partition within 3 minutes: " + translated);
        }
        List<ConsumerRecord<byte[], byte[]>> copy = onTarget.consumeAll(remote);
        int reread = 0;
        int skipped = 0;
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<TopicPartition, Long> entry : committed.entrySet()) {
            int p = entry.getKey().partition();
            long at = entry.getValue();
            long on = translated.get(new TopicPartition(remote, p)).offset();
            List<ConsumerRecord<byte[], byte[]>> onA = ByPartition.only(source, p);
            List<ConsumerRecord<byte[], byte[]>> onB = ByPartition.only(copy, p);
            int index = (int) onA.stream().filter(r -> r.offset() < at).count();
            FailoverCheck check = FailoverCheck.of(
                    onA.subList(0, index),
                    onA.subList(index, onA.size()),
                    onB.stream().filter(r -> r.offset() >= on).toList());
            reread += check.reread();
            skipped += check.skipped();
            detail.append(String.format("p%d %d->%d %s; ", p, at, on, check));
        }
        return new GroupTranslation(
                group,
                topic,
                committed.size(),
                reread,
                skipped,
                detail.toString().trim());
    }

    private static long remotePartitions(Map<TopicPartition, OffsetAndMetadata> translated, String remote) {
        return translated.keySet().stream()
                .filter(tp -> tp.topic().equals(remote))
                .count();
    }

    /** Checkpoints arrived and a consumer moved by them skips nothing (it may read some records again). */
    boolean safe() {
        return reread >= 0 && skipped == 0;
    }

    boolean exact() {
        return reread == 0 && skipped == 0;
    }
}
