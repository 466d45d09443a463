package dev.tandem.source.records;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

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
    /** Per source topic, per partition number; looked up without allocating a key. */
    private final Map<String, PartitionContext[]> contexts = new HashMap<>();

    public RecordConverter(String sourceAlias, Function<String, String> remoteTopicName) {
        this.sourceAlias = sourceAlias;
        this.remoteTopicName = remoteTopicName;
    }

    /** Connect's source partition key for a source topic partition. */
    public static Map<String, Object> sourcePartition(String sourceAlias, TopicPartition tp) {
        Map<String, Object> partition = new HashMap<>(4);
        partition.put(CLUSTER_KEY, sourceAlias);
        partition.put(TOPIC_KEY, tp.topic());
        partition.put(PARTITION_KEY, tp.partition());
        return Collections.unmodifiableMap(partition);
    }

    public MirroredRecord convert(ConsumerRecord<byte[], byte[]> record) {
        PartitionContext context = context(record.topic(), record.partition());
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : record.headers()) {
            headers.add(header.key(), new SchemaAndValue(Schema.OPTIONAL_BYTES_SCHEMA, header.value()));
        }
        return new MirroredRecord(context.tp, record.offset(),
                context.sourcePartition, Collections.singletonMap(OFFSET_KEY, record.offset()),
                context.remoteTopic, record.partition(),
                Schema.OPTIONAL_BYTES_SCHEMA, record.key(),
                Schema.OPTIONAL_BYTES_SCHEMA, record.value(),
                record.timestamp(), headers);
    }

    private PartitionContext context(String topic, int partition) {
        PartitionContext[] byPartition = contexts.get(topic);
        if (byPartition == null || byPartition.length <= partition) {
            PartitionContext[] grown = new PartitionContext[partition + 1];
            if (byPartition != null) {
                System.arraycopy(byPartition, 0, grown, 0, byPartition.length);
            }
            byPartition = grown;
            contexts.put(topic, byPartition);
        }
        PartitionContext context = byPartition[partition];
        if (context == null) {
            TopicPartition tp = new TopicPartition(topic, partition);
            context = new PartitionContext(tp, sourcePartition(sourceAlias, tp), remoteTopicName.apply(topic));
            byPartition[partition] = context;
        }
        return context;
    }

    private record PartitionContext(TopicPartition tp, Map<String, Object> sourcePartition, String remoteTopic) {
    }
}
