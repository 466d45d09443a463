package dev.tandem.checkpoint;

import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.records.Checkpoint;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * What a checkpoint task reads and writes besides its checkpoint records: the source's groups and their committed
 * offsets, the offset syncs of its flow and of the opposite one, and the target's group offsets. Opened at the task's
 * start ({@link KafkaCheckpointClients} in production); a unit test gives its own, to drive the task without a cluster.
 */
interface CheckpointClients extends AutoCloseable {

    /** Every consumer group on the source. */
    List<String> listGroups() throws InterruptedException, ExecutionException, TimeoutException;

    /** The committed offsets of {@code groups} on the source; a partition without one maps to null. */
    Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(Collection<String> groups)
            throws InterruptedException, ExecutionException, TimeoutException;

    /** The id of each topic on the source now. */
    Map<String, Uuid> sourceTopicIds() throws InterruptedException, ExecutionException, TimeoutException;

    /** The checkpoints already in the checkpoints topic, newest per group and partition. */
    Map<String, Map<TopicPartition, Checkpoint>> writtenCheckpoints();

    /** This flow's offset syncs, to fail over. */
    CheckpointTranslator.SyncSource forwardSyncs();

    /** The opposite flow's offset syncs, to fail back. */
    CheckpointTranslator.SyncSource reverseSyncs();

    /** Commits the groups' latest translations into the target's groups ({@code sync.group.offsets.enabled}). */
    void syncGroupOffsets(Map<String, Map<TopicPartition, Checkpoint>> latest)
            throws InterruptedException, ExecutionException, TimeoutException;

    @Override
    void close();
}
