package dev.tandem.bench.scale;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Puts the data set on A once, before any replicator: the data topics in batches, the same few records in every
 * partition, and the groups' committed offsets. Every replicator then starts from the very same source.
 */
final class SourcePrefill {

    private final Admin admin;
    private final String bootstrapServers;
    private final ScaleDataSet data;

    SourcePrefill(Admin admin, String bootstrapServers, ScaleDataSet data) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.data = data;
    }

    void write() throws Exception {
        List<String> topics = data.dataTopics();
        double created = TopicBatches.create(admin, topics, data.partitions());
        System.out.printf(
                Locale.ROOT,
                "  A: %,d topics x %d partitions created in %.1f s%n",
                topics.size(),
                data.partitions(),
                created);

        long started = System.nanoTime();
        PartitionFiller.fill(
                bootstrapServers, topics, data.partitions(), data.recordsPerPartition(), ScaleDataSet.VALUE_BYTES);
        long written = new EndOffsetSums(admin).sum(sourcePartitions(topics));
        if (written != data.records()) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "A holds %,d records in the data topics, not the %,d written",
                    written,
                    data.records()));
        }
        System.out.printf(
                Locale.ROOT, "  A: %,d records written in %.1f s%n", written, (System.nanoTime() - started) / 1e9);

        started = System.nanoTime();
        Map<String, List<TopicPartition>> groups = data.groupPartitions();
        GroupCommitter.commit(admin, groups, data.committedOffset());
        System.out.printf(
                Locale.ROOT,
                "  A: %,d groups committed offset %d on %d partitions each in %.1f s%n",
                groups.size(),
                data.committedOffset(),
                ScaleDataSet.PARTITIONS_PER_GROUP,
                (System.nanoTime() - started) / 1e9);
    }

    private List<TopicPartition> sourcePartitions(List<String> topics) {
        return topics.stream()
                .flatMap(topic -> IntStream.range(0, data.partitions()).mapToObj(p -> new TopicPartition(topic, p)))
                .toList();
    }
}
