package dev.tandem.source;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.source.gaps.StartingPositions;
import dev.tandem.source.offsets.PositionResume;
import dev.tandem.source.offsets.TakeoverOffsets;
import dev.tandem.source.records.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * Reads what taking up new partitions needs before the task can seek them: Connect's committed offsets, Tandem's
 * positions on the target, MirrorMaker 2's offsets under a takeover, the remote topics' size limits and, for
 * partitions with none of these, their first or next offsets on the source.
 *
 * <p>All of it waits on brokers (the positions topic is read whole, Connect's offsets topic to its end), so a running
 * task reads it on a thread of its own ({@link #readLater}) and goes on copying the partitions it has; its own thread
 * only assigns and seeks once the reads are in. On the task's thread the reads held every partition's copy for about
 * 0.9 s while 50 new topics were taken up at 10,000 partitions (scale run of 2026-12-07 14:29).
 */
final class TakeUpReader implements AutoCloseable {

    /** What {@link #read} found for {@code added}. */
    record Reads(
            List<TopicPartition> added,
            Map<String, Integer> remoteLimits,
            Map<TopicPartition, Long> resumeAt,
            Map<TopicPartition, ReplicationPosition> positioned,
            Map<TopicPartition, ReplicationPosition> latest,
            Map<TopicPartition, Long> startOffsets) {

        static Reads none() {
            return new Reads(List.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }
    }

    private final MirrorSourceConfig config;
    private final TaskClients clients;
    private final OffsetStorageReader connectOffsets;
    private final TakeoverOffsets takeover;
    private final StartingPositions startingPositions;
    private final Duration timeout;
    private final ExecutorService thread;

    TakeUpReader(
            MirrorSourceConfig config,
            TaskClients clients,
            OffsetStorageReader connectOffsets,
            TakeoverOffsets takeover,
            StartingPositions startingPositions,
            Duration timeout,
            String threadName) {
        this.config = config;
        this.clients = clients;
        this.connectOffsets = connectOffsets;
        this.takeover = takeover;
        this.startingPositions = startingPositions;
        this.timeout = timeout;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread reader = new Thread(runnable, threadName);
            reader.setDaemon(true);
            return reader;
        });
    }

    /** Reads on the reader's thread; the future fails with what {@link #read} throws. */
    CompletableFuture<Reads> readLater(List<TopicPartition> added) {
        return added.isEmpty()
                ? CompletableFuture.completedFuture(Reads.none())
                : CompletableFuture.supplyAsync(() -> read(added), thread);
    }

    /** Reads on the calling thread (a starting task, which has nothing to copy yet). */
    Reads read(List<TopicPartition> added) {
        if (added.isEmpty()) {
            return Reads.none();
        }
        var policy = config.replicationPolicy();
        String sourceAlias = config.sourceClusterAlias();
        Map<String, Integer> limits = clients.remoteTopicLimits(config, added, policy);
        Map<TopicPartition, Long> resumeAt = fromConnect(sourceAlias, added);
        Map<TopicPartition, ReplicationPosition> positioned = Map.of();
        Map<TopicPartition, ReplicationPosition> latest = Map.of();
        if (config.emitPositionsEnabled()) {
            PositionResume.Resumed resumed = PositionResume.resumeAt(
                    resumeAt,
                    added,
                    config.positionsTopic(),
                    config.targetConsumerConfig(),
                    config::targetAdmin,
                    topic -> policy.formatRemoteTopic(sourceAlias, topic),
                    timeout);
            resumeAt = resumed.offsets();
            positioned = resumed.positions();
            latest = resumed.latest();
        }
        if (!takeover.isEmpty()) {
            resumeAt = takeover.raise(
                    resumeAt,
                    added,
                    config::targetAdmin,
                    topic -> policy.formatRemoteTopic(sourceAlias, topic),
                    timeout);
        }
        // Looked up for every partition without a resume offset; the task may still decide one of them starts over.
        List<TopicPartition> unpositioned = new ArrayList<>(added);
        unpositioned.removeAll(resumeAt.keySet());
        return new Reads(
                List.copyOf(added), limits, resumeAt, positioned, latest, startingPositions.lookUp(unpositioned));
    }

    /** Connect's committed source offsets of {@code partitions}, as the next offset to copy. */
    private Map<TopicPartition, Long> fromConnect(String sourceAlias, List<TopicPartition> partitions) {
        List<Map<String, Object>> keys = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            keys.add(RecordConverter.sourcePartition(sourceAlias, tp));
        }
        Map<Map<String, Object>, Map<String, Object>> committed = connectOffsets.offsets(keys);
        Map<TopicPartition, Long> next = new HashMap<>();
        for (int i = 0; i < partitions.size(); i++) {
            Map<String, Object> offset = committed.get(keys.get(i));
            if (offset != null && offset.get(RecordConverter.OFFSET_KEY) instanceof Number last) {
                next.put(partitions.get(i), last.longValue() + 1);
            }
        }
        return next;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
