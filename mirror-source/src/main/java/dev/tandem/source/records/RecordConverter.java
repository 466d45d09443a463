package dev.tandem.source.records;

import dev.tandem.common.metrics.MirrorMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;

/**
 * Turns a source record into the record Connect writes to the remote topic: same partition, key, value (null stays
 * null, so tombstones stay tombstones), timestamp and headers, bytes in and bytes out. With ByteArrayConverter as
 * the key, value and header converter, Connect writes exactly these bytes.
 *
 * <p>Connect's source partition and offset are MirrorMaker 2's: {@code {cluster, topic, partition}} and
 * {@code {offset}}, so a task resumes where an MM2 task stopped. The per-partition maps and remote names are
 * built once per partition, not per record.
 */
public final class RecordConverter {

    public static final String CLUSTER_KEY = "cluster";
    public static final String TOPIC_KEY = "topic";
    public static final String PARTITION_KEY = "partition";
    public static final String OFFSET_KEY = "offset";

    private final String sourceAlias;
    private final Function<String, String> remoteTopicName;
    private final BiFunction<TopicPartition, String, MirrorMetrics.PartitionMeter> meters;
    /** Per source topic, per partition number; looked up without allocating a key. */
    private final Map<String, PartitionState[]> states = new HashMap<>();

    public RecordConverter(
            String sourceAlias,
            Function<String, String> remoteTopicName,
            BiFunction<TopicPartition, String, MirrorMetrics.PartitionMeter> meters) {
        this.sourceAlias = sourceAlias;
        this.remoteTopicName = remoteTopicName;
        this.meters = meters;
    }

    /**
     * Connect's source partition key for a source topic partition. Connect finds a task's committed offsets by the
     * key's serialized bytes, so the entries come in the order MirrorMaker 2's key (a {@code HashMap}) iterates in:
     * cluster, partition, topic. A task then resumes from the offsets an MM2 task of the same connector committed.
     */
    public static Map<String, Object> sourcePartition(String sourceAlias, TopicPartition tp) {
        Map<String, Object> partition = new LinkedHashMap<>(4);
        partition.put(CLUSTER_KEY, sourceAlias);
        partition.put(PARTITION_KEY, tp.partition());
        partition.put(TOPIC_KEY, tp.topic());
        return new SourcePartitionKey(Collections.unmodifiableMap(partition));
    }

    /** Converts a record of the partition {@code context} is the state of. */
    public MirroredRecord convert(PartitionState context, ConsumerRecord<byte[], byte[]> record) {
        ConnectHeaders headers = new ConnectHeaders();
        // toArray, not the iterator: most records have no headers, and then it allocates nothing.
        for (Header header : record.headers().toArray()) {
            headers.add(header.key(), new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, header.value()));
        }
        int bytes = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
        return new MirroredRecord(
                context,
                record.offset(),
                bytes,
                context.connectPartition(),
                Collections.singletonMap(OFFSET_KEY, record.offset()),
                context.remoteTopic(),
                record.partition(),
                Schema.OPTIONAL_BYTES_SCHEMA,
                record.key(),
                Schema.OPTIONAL_BYTES_SCHEMA,
                record.value(),
                record.timestamp(),
                headers);
    }

    /** The state of a partition, created on first use. */
    public PartitionState state(String topic, int partition) {
        PartitionState[] byPartition = states.get(topic);
        if (byPartition == null || byPartition.length <= partition) {
            PartitionState[] grown = new PartitionState[partition + 1];
            if (byPartition != null) {
                System.arraycopy(byPartition, 0, grown, 0, byPartition.length);
            }
            byPartition = grown;
            states.put(topic, byPartition);
        }
        PartitionState state = byPartition[partition];
        if (state == null) {
            TopicPartition tp = new TopicPartition(topic, partition);
            String remoteTopic = remoteTopicName.apply(topic);
            state = new PartitionState(
                    tp, sourcePartition(sourceAlias, tp), remoteTopic, meters.apply(tp, remoteTopic));
            byPartition[partition] = state;
        }
        return state;
    }

    /** Drops the state of a partition the task no longer copies, and closes its meter. */
    public void forget(TopicPartition tp) {
        PartitionState[] byPartition = states.get(tp.topic());
        if (byPartition != null && tp.partition() < byPartition.length && byPartition[tp.partition()] != null) {
            byPartition[tp.partition()].meter().close();
            byPartition[tp.partition()] = null;
        }
    }

    /** Every partition state created so far. */
    public List<PartitionState> states() {
        List<PartitionState> all = new ArrayList<>();
        for (PartitionState[] byPartition : states.values()) {
            for (PartitionState state : byPartition) {
                if (state != null) {
                    all.add(state);
                }
            }
        }
        return all;
    }
}
