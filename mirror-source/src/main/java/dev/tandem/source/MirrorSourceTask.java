package dev.tandem.source;

import dev.tandem.client.config.MirrorConnectorConfig;
import dev.tandem.client.metrics.MirrorMetrics;
import dev.tandem.client.metrics.MirrorMetricsHolder;
import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.client.runtime.TandemVersion;
import dev.tandem.source.offsets.OffsetSyncTracker;
import dev.tandem.source.offsets.OffsetSyncWriter;
import dev.tandem.source.offsets.PositionWriter;
import dev.tandem.source.records.MirroredRecord;
import dev.tandem.source.records.OversizedRecords;
import dev.tandem.source.records.RecopyWindows;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecordConverter;
import dev.tandem.source.records.UnacknowledgedBytes;
import dev.tandem.source.topics.RemoteTopicLimits;
import dev.tandem.source.topics.ReplacedRemotePartitions;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Copies the records of its assigned source partitions to their remote topics, and feeds the offset-sync writer
 * with each record the target acknowledged.
 *
 * <p>The consumer is assigned its partitions (no group) and starts from Connect's committed source offsets; a
 * partition never copied starts at its earliest offset. The source is read {@code read_committed} unless
 * {@code source.consumer.isolation.level} says otherwise, so aborted transactions never reach the target.
 */
public class MirrorSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(MirrorSourceTask.class);

    private static final long LAG_INTERVAL_MS = 1000;
    /** How often an unchanged position is written again, so its age shows the replicator is alive. */
    private static final Duration POSITIONS_REFRESH = Duration.ofSeconds(10);
    /** How often acknowledged records are reported to the metrics: batching keeps the meters off the record path. */
    private static final long METRICS_INTERVAL_MS = 200;
    /** The producer's own default. */
    private static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;

    private KafkaConsumer<byte[], byte[]> consumer;
    private OffsetSyncWriter offsetSyncs;
    private PositionWriter positions;
    private RecordConverter converter;
    private OversizedRecords oversized;
    private UnacknowledgedBytes unacknowledged;
    /** A record the target cannot take, held until the records before it are handed over. */
    private ConnectException refused;
    private Duration pollTimeout;
    private List<TopicPartition> assigned = List.of();
    /** Source partitions whose remote topic was recreated, queued by the acknowledging thread for the task's. */
    /** Partitions whose remote topic was replaced, with the first source offset that landed in the new one. */
    private final Queue<Map.Entry<TopicPartition, Long>> recopy = new ConcurrentLinkedQueue<>();
    private final RecopyWindows recopyWindows = new RecopyWindows();
    private long nextLagMs;
    private long nextMetricsMs;

    @Override
    public void start(Map<String, String> props) {
        MirrorSourceTaskConfig taskConfig = new MirrorSourceTaskConfig(props);
        MirrorSourceConfig config = taskConfig.connectorConfig();
        String clientId = "tandem-" + config.sourceClusterAlias() + "-to-" + config.targetClusterAlias()
                + "-source-" + taskConfig.taskIndex();
        pollTimeout = config.consumerPollTimeout();
        unacknowledged = new UnacknowledgedBytes(config.maxUnacknowledgedBytes());
        String sourceAlias = config.sourceClusterAlias();
        var policy = config.replicationPolicy();
        MirrorMetrics metrics = MirrorMetricsHolder.get();
        String targetAlias = config.targetClusterAlias();
        converter = new RecordConverter(sourceAlias, topic -> policy.formatRemoteTopic(sourceAlias, topic),
                (tp, remoteTopic) -> metrics.partition(sourceAlias, targetAlias, tp, remoteTopic));
        try {
            consumer = new KafkaConsumer<>(consumerConfig(config, clientId), new ByteArrayDeserializer(), new ByteArrayDeserializer());
            if (config.emitOffsetSyncsEnabled()) {
                Map<String, Object> producerConfig = offsetSyncsProducerConfig(config, clientId);
                offsetSyncs = new OffsetSyncWriter(new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                        new ByteArraySerializer()), config.offsetSyncsTopic(),
                        new OffsetSyncTracker(config.offsetSyncsInterval().toMillis()), Time.SYSTEM,
                        metrics.flow(sourceAlias, targetAlias)::offsetSyncWritten);
            }
            if (config.emitPositionsEnabled()) {
                positions = new PositionWriter(new KafkaProducer<>(positionsProducerConfig(config, clientId),
                        new ByteArraySerializer(), new ByteArraySerializer()), config.positionsTopic(), POSITIONS_REFRESH);
            }
            oversized = new OversizedRecords(config.oversizedRecordAction(), maxRequestSize(config, props),
                    RemoteTopicLimits.describe(config, taskConfig.partitions(), policy));
            Map<TopicPartition, Long> resumeAt = assignFromCommittedOffsets(sourceAlias, taskConfig.partitions());
            ReplacedRemotePartitions.toCopyAgain(config, policy, taskConfig.replacedRemotes(), resumeAt, consumer).forEach((tp, recopy) -> {
                consumer.seek(tp, recopy.from());
                converter.state(tp.topic(), tp.partition()).startedAt(recopy.from());
                if (recopy.bounded()) {
                    recopyWindows.add(tp, recopy.until(), recopy.resumeAt());
                }
            });
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /** The producer writing the copies is Connect's: its limit comes from the connector's override or the target's settings. */
    private static int maxRequestSize(MirrorSourceConfig config, Map<String, String> props) {
        String key = "producer.override." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
        Object value = props.get(key);
        if (value == null) {
            key = MirrorConnectorConfig.TARGET_PRODUCER_PREFIX + ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
            value = config.targetProducerConfig().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (value == null) {
            return DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a whole number of bytes, e.g. 1048576");
        }
    }

    private static Map<String, Object> consumerConfig(MirrorSourceConfig config, String clientId) {
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumerConfig.putAll(config.sourceConsumerConfig());
        // Connect tracks the copied position; a group's own commits would only mislead.
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return consumerConfig;
    }

    private static Map<String, Object> offsetSyncsProducerConfig(MirrorSourceConfig config, String clientId) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-offset-syncs");
        producerConfig.putAll(config.offsetSyncsOnTarget() ? config.targetProducerConfig() : config.sourceProducerConfig());
        // Syncs must arrive complete and in order: a missing or reordered break makes translation wrong.
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A sync given up on would leave a hole in the mapping, so an unreachable cluster is waited for, as Connect
        // waits with the copies; only errors retrying cannot fix (authorization, size) fail the task.
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        return producerConfig;
    }

    private static Map<String, Object> positionsProducerConfig(MirrorSourceConfig config, String clientId) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.putAll(config.targetProducerConfig());
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-positions");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        // A position is superseded a second later; retrying one for long only delays noticing the target is gone.
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return producerConfig;
    }

    /** Seeks each partition to its committed position; returns those positions (next offset to copy) by partition. */
    private Map<TopicPartition, Long> assignFromCommittedOffsets(String sourceAlias, List<TopicPartition> partitions) {
        consumer.assign(partitions);
        List<Map<String, Object>> keys = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            keys.add(RecordConverter.sourcePartition(sourceAlias, tp));
        }
        Map<Map<String, Object>, Map<String, Object>> committed = context.offsetStorageReader().offsets(keys);
        Map<TopicPartition, Long> resumeAt = new HashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            TopicPartition tp = partitions.get(i);
            Map<String, Object> offset = committed.get(keys.get(i));
            if (offset != null && offset.get(RecordConverter.OFFSET_KEY) instanceof Number last) {
                consumer.seek(tp, last.longValue() + 1);
                // Known without asking the source, so a slow or unreachable source never delays the start.
                converter.state(tp.topic(), tp.partition()).startedAt(last.longValue() + 1);
                resumeAt.put(tp, last.longValue() + 1);
            }
        }
        assigned = List.copyOf(partitions);
        log.info("Copying {} partitions ({} resuming from committed offsets): {}", partitions.size(), resumeAt.size(), partitions);
        return resumeAt;
    }

    @Override
    public List<SourceRecord> poll() {
        if (refused != null) {
            throw refused;
        }
        for (Map.Entry<TopicPartition, Long> replaced = recopy.poll(); replaced != null; replaced = recopy.poll()) {
            // From the first record in the new topic on, every record polled so far is in it or on its way there:
            // copy what comes before that record again, then go on where the copy was.
            TopicPartition tp = replaced.getKey();
            recopyWindows.add(tp, replaced.getValue(), consumer.position(tp));
            consumer.seekToBeginning(List.of(tp));
        }
        if (offsetSyncs != null) {
            offsetSyncs.send();
        }
        unacknowledged.awaitRoom();
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout);
        } catch (WakeupException e) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (now >= nextMetricsMs) {
            nextMetricsMs = now + METRICS_INTERVAL_MS;
            reportCopied();
        }
        if (now >= nextLagMs) {
            nextLagMs = now + LAG_INTERVAL_MS;
            reportLag(now);
        }
        if (records.isEmpty()) {
            return null;
        }
        List<SourceRecord> converted = new ArrayList<>(records.count());
        long bytes = 0;
        // Partition by partition: the partition's state is looked up once per poll, not once per record.
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            PartitionState state = converter.state(tp.topic(), tp.partition());
            state.meter().read(now - batch.get(0).timestamp());
            int sizeLimit = oversized.limitOf(state);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                if (!recopyWindows.isEmpty() && !recopyWindows.keep(tp, record)) {
                    continue;
                }
                try {
                    if (oversized.admit(state, sizeLimit, record)) {
                        MirroredRecord mirrored = converter.convert(state, record);
                        bytes += mirrored.bytes();
                        converted.add(mirrored);
                    }
                } catch (ConnectException e) {
                    if (converted.isEmpty()) {
                        throw e;
                    }
                    // The records before it go out first; the task fails at the next poll, before anything after it.
                    refused = e;
                    unacknowledged.handedOver(converted.size(), bytes);
                    return converted;
                }
            }
        }
        recopyWindows.skipReached(consumer);
        unacknowledged.handedOver(converted.size(), bytes);
        return converted;
    }

    private void reportCopied() {
        for (PartitionState state : converter.states()) {
            state.reportCopied();
        }
    }

    /**
     * Per partition, from the consumer's fetch metadata: records on the source not yet acknowledged by the target,
     * to the metrics, and the replicated position, to the positions topic. A partition whose end is unknown (nothing
     * fetched yet, or the source unreachable since the start) keeps the last end it had.
     */
    private void reportLag(long now) {
        for (TopicPartition tp : assigned) {
            OptionalLong fetchLag = consumer.currentLag(tp);
            PartitionState state = converter.state(tp.topic(), tp.partition());
            if (fetchLag.isPresent()) {
                state.sourceEnd(consumer.position(tp) + fetchLag.getAsLong());
            }
            long[] position = state.replicatedPosition();
            long end = state.sourceEnd();
            if (positions != null && position[0] >= 0) {
                positions.publish(new ReplicationPosition(tp, position[0], position[1], end, now, state.lastAckedTimestamp()));
            }
            if (end < 0) {
                continue;
            }
            // Before the first acknowledgement of a new partition, what is not fetched yet is all that is known.
            long lag = position[0] < 0 ? fetchLag.orElse(0) : Math.max(0, end - position[0]);
            long lastAcked = state.lastAckedTimestamp();
            double seconds = lag == 0 || lastAcked < 0 ? 0 : Math.max(0, now - lastAcked) / 1000.0;
            state.meter().lag(lag, seconds);
        }
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // Connect calls this once for every record it took, written or dropped, so Connect no longer holds it.
        if (record instanceof MirroredRecord done) {
            unacknowledged.acknowledged(done.bytes());
        }
        // metadata is null when a transform or error tolerance dropped the record: nothing was written, and the
        // gap it leaves shows as a break of linearity at the next record.
        if (metadata != null && record instanceof MirroredRecord mirrored) {
            long previousDownstream = mirrored.state().lastAckedDownstream();
            if (mirrored.state().acknowledged(mirrored.upstreamOffset(), metadata.offset(), mirrored.timestamp(), mirrored.bytes(),
                    System.currentTimeMillis())) {
                log.error("Remote topic {} partition {} is not the topic this task copied into: source offset {} landed at"
                        + " offset {}, where the copy had reached {}. The remote topic was deleted on the target and a new"
                        + " one took its name; what was copied before went with it. Copying {} again from its oldest"
                        + " record up to offset {}, so the new remote topic is complete.", metadata.topic(), metadata.partition(),
                        mirrored.upstreamOffset(), metadata.offset(), previousDownstream, mirrored.sourceTopicPartition(),
                        mirrored.upstreamOffset());
                recopy.add(Map.entry(mirrored.sourceTopicPartition(), mirrored.upstreamOffset()));
            }
            if (offsetSyncs != null) {
                offsetSyncs.onAck(mirrored.sourceTopicPartition(), mirrored.upstreamOffset(), metadata.offset());
            }
        }
    }

    @Override
    public void stop() {
        // Connect calls stop() on the task's own thread after the last poll and offset commit.
        if (offsetSyncs != null) {
            Utils.closeQuietly(() -> offsetSyncs.close(Duration.ofSeconds(30)), "offset syncs writer");
        }
        Utils.closeQuietly(positions, "replication positions writer");
        Utils.closeQuietly(consumer, "source consumer");
        if (converter != null) {
            reportCopied();
            converter.states().forEach(state -> state.meter().close());
        }
    }

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
