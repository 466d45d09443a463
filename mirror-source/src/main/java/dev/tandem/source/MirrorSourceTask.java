package dev.tandem.source;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.common.metrics.MirrorMetrics;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.common.runtime.TandemVersion;
import dev.tandem.source.assign.AssignmentFeed;
import dev.tandem.source.copy.Acknowledgements;
import dev.tandem.source.copy.CopyPath;
import dev.tandem.source.copy.CopyProducerSettings;
import dev.tandem.source.copy.DirectCopier;
import dev.tandem.source.copy.TaskClientSettings;
import dev.tandem.source.gaps.SourceGaps;
import dev.tandem.source.gaps.StartingPositions;
import dev.tandem.source.idle.IdlePartitions;
import dev.tandem.source.offsets.ConnectPositions;
import dev.tandem.source.offsets.OffsetSyncTracker;
import dev.tandem.source.offsets.OffsetSyncWriter;
import dev.tandem.source.offsets.PositionResume;
import dev.tandem.source.offsets.PositionSink;
import dev.tandem.source.offsets.PositionWriter;
import dev.tandem.source.offsets.TakeoverOffsets;
import dev.tandem.source.offsets.TaskProgress;
import dev.tandem.source.records.MirroredRecord;
import dev.tandem.source.records.OversizedRecords;
import dev.tandem.source.records.PartitionState;
import dev.tandem.source.records.RecopyWindows;
import dev.tandem.source.records.RecordConverter;
import dev.tandem.source.records.UnacknowledgedBytes;
import dev.tandem.source.topics.ReplacedRemotePartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.NoOffsetForPartitionException;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the records of its assigned source partitions to their remote topics, and feeds the offset-sync writer
 * with each record the target acknowledged.
 *
 * <p>On the {@linkplain CopyPath#DIRECT direct path} (the default) the task writes the copies with its own producer
 * and {@link #poll()} returns only position records for Connect to commit; on the {@linkplain CopyPath#RECORD record
 * path} (transforms, exactly-once) {@code poll()} returns the copies themselves, as MirrorMaker 2 does.
 *
 * <p>The consumer is assigned its partitions (no group) and starts after the newer of Connect's committed source
 * offset and Tandem's own position ({@link PositionResume}); a partition never copied starts at its earliest offset.
 * The source is read {@code read_committed} unless {@code source.consumer.isolation.level} says otherwise, so
 * aborted transactions never reach the target.
 */
public class MirrorSourceTask extends SourceTask {

    private static final Logger log = LoggerFactory.getLogger(MirrorSourceTask.class);

    /** How often an unchanged position is written again, so its age shows the replicator is alive. */
    private static final Duration POSITIONS_REFRESH = Duration.ofSeconds(10);
    /** How long a starting task reads the positions topic before it falls back to Connect's offsets alone. */
    private static final Duration POSITIONS_READ_TIMEOUT = Duration.ofSeconds(30);
    /** How long a stopping task waits for its copies in flight before it writes its final positions. */
    private static final Duration STOP_DRAIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long a task whose partitions are all idle waits between two looks at what its watch found. */
    private static final Duration ALL_IDLE_WAIT = Duration.ofMillis(250);

    private Consumer<byte[], byte[]> consumer;
    /** Partitions with nothing new, out of the consumer's fetches and watched by their ends. */
    private IdlePartitions idle;

    private OffsetSyncWriter offsetSyncs;
    private PositionSink positions;
    /** The direct path's hand-over of positions to Connect; null on the record path. */
    private ConnectPositions handOver;

    private String positionsTopic;
    /** The direct path's producer; null on the record path. */
    private DirectCopier direct;

    private Acknowledgements acknowledgements;
    private RecordConverter converter;
    private OversizedRecords oversized;
    private UnacknowledgedBytes unacknowledged;
    /** A record the target cannot take, held until the records before it are handed over. */
    private ConnectException refused;

    private Duration pollTimeout;
    /** Where partitions without a committed offset start, by the user's {@code auto.offset.reset}. */
    private StartingPositions startingPositions;
    /** Reports and steps over positions the source no longer holds. */
    private SourceGaps gaps;

    private TaskProgress progress;
    private MirrorSourceConfig config;
    private String taskName;
    private AssignmentFeed feed;
    /** Offsets MirrorMaker 2 committed for this flow before the switch, read once at start. */
    private TakeoverOffsets takeover = TakeoverOffsets.none();
    /** What the connector assigned this task last: its partitions and their source topics' ids. */
    private AssignmentFeed.Assigned assignedNow = new AssignmentFeed.Assigned(List.of(), Map.of());
    /** The partitions the task copies now. */
    private List<TopicPartition> assigned = List.of();
    /** Reads new partitions' starting points off the task thread. */
    private TakeUpReader reader;
    /** An assignment whose new partitions' reads are under way; null when none is. */
    private PendingTakeUp pending;

    /** An assignment waiting for its new partitions' reads. */
    private record PendingTakeUp(AssignmentFeed.Assigned assignment, CompletableFuture<TakeUpReader.Reads> reads) {}

    private final RecopyWindows recopyWindows = new RecopyWindows();
    private final Time time;
    private final TaskClients clients;

    public MirrorSourceTask() {
        this(Time.SYSTEM, TaskClients.KAFKA);
    }

    /** A task on its own clock and source, for unit tests of its loop. */
    MirrorSourceTask(Time time, TaskClients clients) {
        this.time = time;
        this.clients = clients;
    }

    @Override
    public void start(Map<String, String> props) {
        MirrorSourceTaskConfig taskConfig = new MirrorSourceTaskConfig(props);
        config = taskConfig.connectorConfig();
        taskName = config.flow() + " task " + taskConfig.taskIndex();
        String clientId = "tandem-" + config.sourceClusterAlias() + "-to-" + config.targetClusterAlias() + "-source-"
                + taskConfig.taskIndex();
        pollTimeout = config.consumerPollTimeout();
        unacknowledged = new UnacknowledgedBytes(config.maxUnacknowledgedBytes());
        String sourceAlias = config.sourceClusterAlias();
        var policy = config.replicationPolicy();
        MirrorMetrics metrics = MirrorMetricsHolder.get();
        String targetAlias = config.targetClusterAlias();
        converter = new RecordConverter(
                sourceAlias,
                topic -> policy.formatRemoteTopic(sourceAlias, topic),
                (tp, remoteTopic) -> metrics.partition(sourceAlias, targetAlias, tp, remoteTopic));
        CopyPath.Choice path = CopyPath.choose(config.copyPath(), props, config.emitPositionsEnabled());
        log.info("{}: copy path {}", taskName, path);
        try {
            Map<String, Object> consumerSettings = TaskClientSettings.sourceConsumer(config, clientId);
            startingPositions = StartingPositions.of(config.sourceConsumerConfig())
                    .lookingUpWith(clients.offsetLookup(config, TaskClientSettings.isolationLevel(consumerSettings)));
            consumer = clients.sourceConsumer(consumerSettings);
            idle = new IdlePartitions(
                    consumer,
                    clients.idleWatch(consumerSettings, clientId + "-idle-watch"),
                    taskName,
                    config.idlePartitionAfter(),
                    time);
            gaps = new SourceGaps(
                    config.flow(),
                    consumer,
                    converter,
                    POSITIONS_READ_TIMEOUT,
                    config::sourceAdmin,
                    new SourceGaps.Copy() {
                        @Override
                        public void awaitInFlight() {
                            unacknowledged.awaitDrained(STOP_DRAIN_TIMEOUT);
                        }

                        @Override
                        public void newTopic(TopicPartition tp, Uuid topicId) {
                            if (offsetSyncs != null) {
                                offsetSyncs.newTopic(tp, topicId);
                            }
                            if (positions != null) {
                                // Connect's offset is still the old topic's; this says the copy starts again at 0.
                                positions.publish(
                                        converter
                                                .state(tp.topic(), tp.partition())
                                                .connectPartition(),
                                        new ReplicationPosition(
                                                tp,
                                                0,
                                                -1,
                                                -1,
                                                time.milliseconds(),
                                                -1,
                                                topicId,
                                                converter
                                                        .state(tp.topic(), tp.partition())
                                                        .lostRecords()));
                            }
                        }
                    });
            if (config.emitOffsetSyncsEnabled()) {
                Map<String, Object> producerConfig = TaskClientSettings.offsetSyncsProducer(config, clientId);
                offsetSyncs = new OffsetSyncWriter(
                        new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer()),
                        config.offsetSyncsTopic(),
                        new OffsetSyncTracker(config.offsetSyncsInterval().toMillis()),
                        time,
                        metrics.flow(sourceAlias, targetAlias)::offsetSyncWritten);
            }
            acknowledgements = new Acknowledgements(unacknowledged, offsetSyncs, time::milliseconds);
            if (path.path() == CopyPath.DIRECT) {
                positionsTopic = config.positionsTopic();
                handOver = new ConnectPositions(positionsTopic, POSITIONS_REFRESH);
                positions = handOver;
                Map<String, Object> copyProducer = CopyProducerSettings.of(config, props, clientId);
                direct = new DirectCopier(
                        () -> new KafkaProducer<>(copyProducer, new ByteArraySerializer(), new ByteArraySerializer()),
                        acknowledgements,
                        clientId,
                        time::milliseconds);
            } else if (config.emitPositionsEnabled()) {
                positions = new PositionWriter(
                        new KafkaProducer<>(
                                TaskClientSettings.positionsProducer(config, clientId),
                                new ByteArraySerializer(),
                                new ByteArraySerializer()),
                        config.positionsTopic(),
                        POSITIONS_REFRESH);
            }
            progress = new TaskProgress(converter, positions, idle.around(TaskProgress.Fetched.by(consumer)), time);
            feed = clients.assignmentFeed(taskConfig);
            assignedNow = feed.start(POSITIONS_READ_TIMEOUT);
            List<TopicPartition> partitions = assignedNow.partitions();
            takeover = readTakeoverOffsets(config);
            reader = new TakeUpReader(
                    config,
                    clients,
                    context.offsetStorageReader(),
                    takeover,
                    startingPositions,
                    POSITIONS_READ_TIMEOUT,
                    clientId + "-take-up");
            oversized = new OversizedRecords(
                    config.oversizedRecordAction(), TaskClientSettings.copyMaxRequestSize(config, props), Map.of());
            prepareCopies(partitions);
            Map<TopicPartition, Long> resumeAt = takeUp(reader.read(partitions), partitions);
            ReplacedRemotePartitions.toCopyAgain(config, policy, taskConfig.replacedRemotes(), resumeAt, consumer)
                    .forEach((tp, recopy) -> {
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

    /**
     * MirrorMaker 2's committed offsets of this flow, when {@code takeover.offsets.topic} names where they are. They
     * are read once: MM2 has stopped when Tandem takes over, so they no longer change.
     */
    private static TakeoverOffsets readTakeoverOffsets(MirrorSourceConfig config) {
        String topic = config.takeoverOffsetsTopic();
        if (topic.isEmpty()) {
            return TakeoverOffsets.none();
        }
        return TakeoverOffsets.read(
                topic,
                config.takeoverConnectorName(),
                config.sourceClusterAlias(),
                config.targetConsumerConfig(),
                POSITIONS_READ_TIMEOUT);
    }

    /**
     * Follows the assignments topic: partitions the connector gave this task since are taken up where their copy
     * resumes, partitions it took away (their source topic is gone or no longer selected) are dropped. The other
     * partitions copy on undisturbed; nothing restarts. What the new partitions' starting points take to read is read
     * on the {@link TakeUpReader}'s thread: the assignment is applied at the first look after the reads are in.
     */
    private void followAssignment(Duration wait) {
        if (pending == null) {
            AssignmentFeed.Assigned next = feed.poll(wait);
            if (next == null) {
                return;
            }
            Set<TopicPartition> before = new HashSet<>(assigned);
            List<TopicPartition> added = new ArrayList<>(next.partitions());
            added.removeIf(before::contains);
            prepareCopies(added);
            pending = new PendingTakeUp(next, reader.readLater(added));
        }
        TakeUpReader.Reads reads = awaitReads(pending.reads(), wait);
        if (reads == null) {
            return;
        }
        AssignmentFeed.Assigned next = pending.assignment();
        pending = null;
        List<TopicPartition> now = next.partitions();
        // Sets for every membership test: list against list was 10,000 x 10,000 comparisons, and the task copied
        // nothing for the 0.4 s it took (scale command, 50 new topics at 10,000 partitions).
        Set<TopicPartition> before = new HashSet<>(assigned);
        Set<TopicPartition> after = new HashSet<>(now);
        Set<TopicPartition> kept = new HashSet<>(before);
        kept.retainAll(after);
        for (TopicPartition tp : kept) {
            // A new id for a topic the task copies: it was deleted and made again (unless the task found so itself).
            Uuid copying = converter.state(tp.topic(), tp.partition()).topicId();
            Uuid assignedId = next.topicId(tp.topic());
            if (!Uuid.ZERO_UUID.equals(copying)
                    && !Uuid.ZERO_UUID.equals(assignedId)
                    && !copying.equals(assignedId)
                    && !gaps.replaced(tp, assignedId)) {
                recopyWindows.remove(tp);
                idle.wake(tp);
                gaps.recreatedWhileCopying(tp, copying, assignedId);
            }
        }
        assignedNow = next;
        List<TopicPartition> dropped = new ArrayList<>(assigned);
        dropped.removeIf(after::contains);
        for (TopicPartition tp : dropped) {
            recopyWindows.remove(tp);
            gaps.dropped(tp);
            converter.forget(tp);
            if (positions != null) {
                positions.forget(tp);
            }
        }
        takeUp(reads, now);
        log.info(
                "{}: took up {} partitions and dropped {}; copying {}",
                taskName,
                reads.added().size(),
                dropped.size(),
                now.size());
    }

    /** The reads once they are in, waiting up to {@code wait}; null if they are not in by then. */
    private TakeUpReader.Reads awaitReads(CompletableFuture<TakeUpReader.Reads> reads, Duration wait) {
        try {
            return wait.isZero() ? reads.getNow(null) : reads.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw cause instanceof RuntimeException runtime
                    ? runtime
                    : new ConnectException(taskName + ": reading where new partitions start failed", cause);
        }
    }

    /** On the direct path: the producer fetches the remote topics' metadata while their start is read. */
    private void prepareCopies(List<TopicPartition> added) {
        if (direct != null && !added.isEmpty()) {
            Set<String> remotes = new HashSet<>();
            added.forEach(tp ->
                    remotes.add(converter.state(tp.topic(), tp.partition()).remoteTopic()));
            direct.prepare(remotes);
        }
    }

    /**
     * Assigns the consumer {@code all} (the partitions it had keep their positions) and seeks each partition
     * {@code reads} were made for to where its copy resumes: after Connect's committed offset, or after Tandem's
     * newer position when one is trusted; returns those positions (next offset to copy) by partition. Task thread;
     * nothing here waits on a broker (but the {@code by_duration} starting policy's lookup).
     */
    private Map<TopicPartition, Long> takeUp(TakeUpReader.Reads reads, List<TopicPartition> all) {
        assigned = List.copyOf(all);
        List<TopicPartition> partitions = reads.added();
        oversized.addLimits(reads.remoteLimits());
        idle.assign(all);
        long now = time.milliseconds();
        for (TopicPartition tp : partitions) {
            Uuid id = assignedNow.topicId(tp.topic());
            PartitionState state = converter.state(tp.topic(), tp.partition());
            state.topicId(id);
            state.takenUpAt(now); // idle from its take-up on
            ReplicationPosition last = reads.latest().get(tp);
            if (last != null) {
                state.lostBefore(last.lostRecords()); // a gap stays known across restarts
            }
            if (offsetSyncs != null) {
                offsetSyncs.copying(tp, id); // so a reader never translates another topic's offsets through these
            }
        }
        Map<TopicPartition, Long> resumeAt = new HashMap<>(reads.resumeAt());
        List<TopicPartition> fromFirst =
                gaps.resumeInCurrentTopics(partitions, resumeAt, reads.latest(), assignedNow::topicId);
        Map<TopicPartition, ReplicationPosition> known = reads.positioned();
        resumeAt.forEach((tp, next) -> {
            consumer.seek(tp, next);
            // Known without asking the source, so a slow or unreachable source never delays the start.
            PartitionState state = converter.state(tp.topic(), tp.partition());
            ReplicationPosition position = known.get(tp);
            if (position != null && position.upstreamNext() == next) {
                state.resumedAt(position);
            } else {
                state.startedAt(next);
            }
        });
        List<TopicPartition> fresh = new ArrayList<>(partitions);
        fresh.removeIf(resumeAt::containsKey);
        fresh.removeAll(new HashSet<>(fromFirst));
        startingPositions.position(consumer, fresh, reads.startOffsets(), POSITIONS_READ_TIMEOUT);
        progress.assigned(all);
        if (!partitions.isEmpty()) {
            log.info(
                    "{}: copying {} partitions ({} resuming from committed offsets or positions): {}",
                    taskName,
                    partitions.size(),
                    resumeAt.size(),
                    partitions.size() <= 100 ? partitions : partitions.subList(0, 100) + " and more");
        }
        return resumeAt;
    }

    @Override
    public List<SourceRecord> poll() {
        if (refused != null) {
            throw refused;
        }
        if (direct != null) {
            direct.throwIfFailed();
        }
        for (Map.Entry<TopicPartition, Long> replaced = acknowledgements.nextReplaced();
                replaced != null;
                replaced = acknowledgements.nextReplaced()) {
            // From the first record in the new topic on, every record polled so far is in it or on its way there:
            // copy what comes before that record again, then go on where the copy was.
            TopicPartition tp = replaced.getKey();
            idle.wake(tp);
            recopyWindows.add(tp, replaced.getValue(), consumer.position(tp));
            consumer.seekToBeginning(List.of(tp));
        }
        if (offsetSyncs != null) {
            offsetSyncs.send();
        }
        if (assigned.isEmpty()) {
            // Nothing to copy (yet): wait for partitions instead of for records.
            followAssignment(pollTimeout);
            if (assigned.isEmpty()) {
                return handOver == null ? null : handOver.drain();
            }
        } else {
            followAssignment(Duration.ZERO); // a look at what the feed's thread has, no wait
        }
        unacknowledged.awaitRoom();
        if (direct != null) {
            direct.renewIfMostlyQuiet(unacknowledged.drained());
        }
        if (idle.allParked()) {
            // The consumer has nothing to fetch (and would refuse to poll): wait for the feed, a moment, then look
            // whether the watch found records.
            followAssignment(pollTimeout.compareTo(ALL_IDLE_WAIT) < 0 ? pollTimeout : ALL_IDLE_WAIT);
            afterPoll(progress.afterPoll(false));
            return handOver == null ? null : handOver.drain();
        }
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(pollTimeout);
        } catch (WakeupException e) {
            return handOver == null ? null : handOver.drain();
        } catch (OffsetOutOfRangeException e) {
            gaps.outOfRange(e.offsetOutOfRangePartitions());
            return handOver == null ? null : handOver.drain();
        } catch (NoOffsetForPartitionException e) {
            throw new ConnectException(taskName + ": " + StartingPositions.KEY + " = none, and " + e.partitions()
                    + " have no committed offset to start from: set " + StartingPositions.KEY
                    + " to earliest or latest, or set their offsets through Connect's offsets API");
        }
        long now = progress.afterPoll(!records.isEmpty());
        List<SourceRecord> out;
        if (records.isEmpty()) {
            out = handOver == null ? null : handOver.drain();
        } else {
            out = direct != null ? copyDirectly(records, now) : convert(records, now);
        }
        afterPoll(now);
        return out;
    }

    /** Parks the partitions idle long enough and wakes those whose end moved (see {@link IdlePartitions}). */
    private void afterPoll(long now) {
        idle.afterPoll(
                now,
                tp -> converter.state(tp.topic(), tp.partition()).lastPolledAtMs(),
                tp -> converter.state(tp.topic(), tp.partition()).newestWrittenAtMs(),
                tp -> !recopyWindows.covers(tp));
    }

    /** The direct path: each record to the task's producer; Connect gets only the positions due. */
    private List<SourceRecord> copyDirectly(ConsumerRecords<byte[], byte[]> records, long now) {
        long[] sent = new long[2]; // records, bytes
        try {
            forEachToCopy(records, now, (state, record) -> {
                int size = Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
                direct.send(state, record, size);
                sent[0]++;
                sent[1] += size;
            });
        } catch (ConnectException e) {
            if (sent[0] == 0) {
                throw e;
            }
            // The records before it are on their way; the task fails at the next poll, before anything after it.
            refused = e;
        } finally {
            // Once per poll rather than per record; acknowledgements counted first only make the count dip a moment.
            unacknowledged.handedOver((int) sent[0], sent[1]);
        }
        return handOver.drain();
    }

    /** The record path: each record becomes a {@code SourceRecord} that Connect writes. */
    private List<SourceRecord> convert(ConsumerRecords<byte[], byte[]> records, long now) {
        List<SourceRecord> converted = new ArrayList<>(records.count());
        long[] bytes = new long[1];
        try {
            forEachToCopy(records, now, (state, record) -> {
                MirroredRecord mirrored = converter.convert(state, record);
                bytes[0] += mirrored.bytes();
                converted.add(mirrored);
            });
        } catch (ConnectException e) {
            if (converted.isEmpty()) {
                throw e;
            }
            // The records before it go out first; the task fails at the next poll, before anything after it.
            refused = e;
        }
        unacknowledged.handedOver(converted.size(), bytes[0]);
        return converted;
    }

    /**
     * Hands {@code copy} each polled record that is to be copied: not past a re-copy window's bound, and not too
     * large for the target (which throws under {@code oversized.record.action=fail}). Partition by partition, so a
     * partition's state is looked up once per poll, not once per record.
     */
    private void forEachToCopy(
            ConsumerRecords<byte[], byte[]> records,
            long now,
            BiConsumer<PartitionState, ConsumerRecord<byte[], byte[]>> copy) {
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            PartitionState state = converter.state(tp.topic(), tp.partition());
            state.meter().read(now - batch.get(0).timestamp());
            ConsumerRecord<byte[], byte[]> newest = batch.get(batch.size() - 1);
            state.polledThrough(newest.offset());
            state.polledAt(now, newest.timestamp());
            idle.polled(tp);
            int sizeLimit = oversized.limitOf(state);
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                if ((recopyWindows.isEmpty() || recopyWindows.keep(tp, record))
                        && oversized.admit(state, sizeLimit, record)) {
                    copy.accept(state, record);
                }
            }
        }
        recopyWindows.skipReached(consumer);
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        // Connect calls this once for every record it took, written or dropped. On the direct path these are only
        // position records, which need nothing more.
        if (record instanceof MirroredRecord mirrored) {
            // metadata is null when a transform or error tolerance dropped the record: nothing was written, and the
            // gap it leaves shows as a break of linearity at the next record.
            if (metadata == null) {
                acknowledgements.dropped(mirrored.bytes());
            } else {
                acknowledgements.landed(
                        mirrored.state(),
                        mirrored.upstreamOffset(),
                        metadata.offset(),
                        mirrored.timestamp(),
                        mirrored.bytes(),
                        metadata.topic(),
                        metadata.partition());
            }
        }
    }

    @Override
    public void stop() {
        // Connect calls stop() on the task's own thread after the last poll and offset commit.
        if (direct != null) {
            // Connect's last offset commit only holds the positions handed to it up to the last poll. The copies
            // acknowledged since would be copied again on the next start; so once the copies in flight are in, the
            // exact final positions go to the positions topic, where a starting task looks first. Closing then
            // waits for them, and for anything still in flight, so their offset syncs are written too.
            unacknowledged.awaitDrained(STOP_DRAIN_TIMEOUT);
            direct.write(positionsTopic, progress == null ? List.of() : progress.finalPositions());
            direct.close(Duration.ofSeconds(30));
        }
        if (offsetSyncs != null) {
            Utils.closeQuietly(() -> offsetSyncs.close(Duration.ofSeconds(30)), "offset syncs writer");
        }
        Utils.closeQuietly(positions, "replication positions");
        Utils.closeQuietly(consumer, "source consumer");
        if (idle != null) {
            Utils.closeQuietly(idle::close, "idle partitions' end watch");
        }
        Utils.closeQuietly(feed, "assignment feed");
        Utils.closeQuietly(reader, "take-up reader");
        if (progress != null) {
            progress.close();
        }
        log.info("{}: stopped", taskName);
    }

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
