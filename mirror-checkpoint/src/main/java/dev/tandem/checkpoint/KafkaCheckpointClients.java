package dev.tandem.checkpoint;

import dev.tandem.checkpoint.groups.GroupOffsetSync;
import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.TopicReader;
import dev.tandem.client.offsets.OffsetSyncReader;
import dev.tandem.client.records.Checkpoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.TopicListing;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A checkpoint task's Kafka clients: an admin on each cluster and a reader following each offset-syncs topic. */
final class KafkaCheckpointClients implements CheckpointClients {

    private static final Logger log = LoggerFactory.getLogger(KafkaCheckpointClients.class);

    private final MirrorCheckpointConfig config;
    private Admin sourceAdmin;
    private Admin targetAdmin;
    private SharedSyncReaders.Lease forwardSyncs;
    private SharedSyncReaders.Lease reverseSyncs;
    private GroupOffsetSync groupOffsetSync;

    private KafkaCheckpointClients(MirrorCheckpointConfig config) {
        this.config = config;
    }

    /** Opens every client; on a failure closes those already open. */
    static KafkaCheckpointClients open(MirrorCheckpointConfig config) {
        KafkaCheckpointClients clients = new KafkaCheckpointClients(config);
        String clientPrefix =
                "tandem-" + config.sourceClusterAlias() + "-to-" + config.targetClusterAlias() + "-checkpoint";
        try {
            clients.sourceAdmin = config.sourceAdmin();
            clients.targetAdmin = config.targetAdmin();
            clients.forwardSyncs = SharedSyncReaders.acquire(
                    config.forwardOffsetSyncsConsumerConfig(),
                    config.forwardOffsetSyncsTopic(),
                    clientPrefix + "-syncs");
            clients.reverseSyncs = SharedSyncReaders.acquire(
                    config.reverseOffsetSyncsConsumerConfig(),
                    config.reverseOffsetSyncsTopic(),
                    clientPrefix + "-reverse-syncs");
            clients.groupOffsetSync = new GroupOffsetSync(clients.targetAdmin, config.adminTimeout());
            return clients;
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    // listConsumerGroups() is deprecated for removal in 4.x, but its successor listGroups() needs 4.0 clients and the
    // plugin runs on the worker's kafka-clients, 3.x included.
    @SuppressWarnings({"deprecation", "removal"})
    @Override
    public List<String> listGroups() throws InterruptedException, ExecutionException, TimeoutException {
        List<String> groups = new ArrayList<>();
        for (ConsumerGroupListing listing :
                sourceAdmin.listConsumerGroups().all().get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            groups.add(listing.groupId());
        }
        return groups;
    }

    @Override
    public Map<String, Uuid> sourceTopicIds() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Uuid> ids = new HashMap<>();
        for (TopicListing listing :
                sourceAdmin.listTopics().listings().get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            ids.put(listing.name(), listing.topicId());
        }
        return ids;
    }

    @Override
    public Map<String, Map<TopicPartition, OffsetAndMetadata>> committedOffsets(Collection<String> groups)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, ListConsumerGroupOffsetsSpec> specs = new HashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        return sourceAdmin
                .listConsumerGroupOffsets(specs)
                .all()
                .get(config.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Map<String, Map<TopicPartition, Checkpoint>> writtenCheckpoints() {
        Map<String, Map<TopicPartition, Checkpoint>> written = new HashMap<>();
        try {
            TopicReader.readAll(config.targetConsumerConfig(), config.checkpointsTopic(), config.adminTimeout(), r -> {
                if (r.key() != null && r.value() != null) {
                    try {
                        Checkpoint c = Checkpoint.decode(r.key(), r.value());
                        written.computeIfAbsent(c.consumerGroupId(), g -> new HashMap<>())
                                .put(c.topicPartition(), c);
                    } catch (RuntimeException unreadable) {
                        // not a checkpoint in MM2's format: nothing to keep monotonic
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn(
                    "Cannot read the checkpoints already in {} ({}); checkpoints are compared with those written from"
                            + " now on only",
                    config.checkpointsTopic(),
                    e.toString());
        }
        return written;
    }

    @Override
    public CheckpointTranslator.SyncSource forwardSyncs() {
        OffsetSyncReader reader = forwardSyncs.reader();
        return CheckpointTranslator.SyncSource.of(reader.store(), reader::isCaughtUp);
    }

    @Override
    public CheckpointTranslator.SyncSource reverseSyncs() {
        OffsetSyncReader reader = reverseSyncs.reader();
        return CheckpointTranslator.SyncSource.of(reader.store(), reader::isCaughtUp);
    }

    @Override
    public void syncGroupOffsets(Map<String, Map<TopicPartition, Checkpoint>> latest)
            throws InterruptedException, ExecutionException, TimeoutException {
        groupOffsetSync.sync(latest);
    }

    @Override
    public void close() {
        Utils.closeQuietly(forwardSyncs, "offset syncs reader");
        Utils.closeQuietly(reverseSyncs, "reverse offset syncs reader");
        Utils.closeQuietly(sourceAdmin, "source admin client");
        Utils.closeQuietly(targetAdmin, "target admin client");
    }
}
