package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.source.assign.AssignmentFeed;
import dev.tandem.source.gaps.StartingPositions;
import dev.tandem.source.idle.IdlePartitions;
import dev.tandem.testkit.Await;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.metrics.RecordingMetrics;
import dev.tandem.testkit.time.SteppedTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source task's loop on the record path, driven through Kafka's {@link MockConsumer} and a clock of its own:
 * what it hands Connect, where it resumes, a refused record, acknowledgements without metadata, and a remote topic
 * that was deleted and created again. The same behaviour against real brokers is in the ITs; here each decision is
 * pinned on its own.
 */
class MirrorSourceTaskTest {

    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final long T0 = 1_700_000_000_000L;

    private final SteppedTime time = new SteppedTime(T0);
    /** How often the task asked the consumer for each partition's lag (a real one may then ask the source). */
    private final Map<TopicPartition, Integer> lagAsked = new HashMap<>();

    private final MockConsumer<byte[], byte[]> source = new MockConsumer<>("earliest") {
        @Override
        public synchronized OptionalLong currentLag(TopicPartition tp) {
            lagAsked.merge(tp, 1, Integer::sum);
            return super.currentLag(tp);
        }
    };
    private final Map<Map<String, Object>, Map<String, Object>> committed = new HashMap<>();
    private final RecordingMetrics metrics = new RecordingMetrics();
    private MirrorSourceTask task;
    /** The task's partitions: {@code orders-0} unless a test says otherwise. */
    private AssignmentFeed feed = AssignmentFeed.fixed(List.of(ORDERS_0));
    /** The partitions the task's idle watch watches, from their kept offsets; the test says which moved. */
    private final Map<TopicPartition, Long> watched = new HashMap<>();

    private final Set<TopicPartition> moved = new HashSet<>();
    private final IdlePartitions.Watch idleWatch = new IdlePartitions.Watch() {
        @Override
        public void watch(Map<TopicPartition, Long> from) {
            watched.putAll(from);
        }

        @Override
        public void unwatch(Collection<TopicPartition> partitions) {
            partitions.forEach(watched::remove);
        }

        @Override
        public Set<TopicPartition> moved() {
            Set<TopicPartition> found = Set.copyOf(moved);
            moved.clear();
            found.forEach(watched::remove);
            return found;
        }

        @Override
        public boolean broken() {
            return false;
        }

        @Override
        public long fetchesAnswered() {
            return 0;
        }

        @Override
        public void close() {}
    };
    /** The target's answer to the remote topics' size limits, asked when partitions are taken up. */
    private Supplier<Map<String, Integer>> remoteLimits = Map::of;

    @BeforeEach
    void recordCopies() {
        MirrorMetricsHolder.install(metrics);
        source.updateBeginningOffsets(Map.of(ORDERS_0, 0L));
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        MirrorMetricsHolder.install(null);
    }

    private void start(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(FlowConfigs.minimalAToB());
        props.put("copy.path", "record");
        props.put("emit.offset-syncs.enabled", "false");
        props.put("emit.positions.enabled", "false");
        props.put("idle.partition.after.ms", "0"); // the clock jumps in these tests; one test is about idleness
        props.putAll(extra);
        task = new MirrorSourceTask(time, new TaskClients() {
            @Override
            public Consumer<byte[], byte[]> sourceConsumer(Map<String, Object> settings) {
                return source;
            }

            @Override
            public AssignmentFeed assignmentFeed(MirrorSourceTaskConfig taskConfig) {
                return feed;
            }

            @Override
            public Map<String, Integer> remoteTopicLimits(
                    MirrorSourceConfig config, List<TopicPartition> partitions, ReplicationPolicy policy) {
                return remoteLimits.get();
            }

            @Override
            public StartingPositions.Lookup offsetLookup(MirrorSourceConfig config, IsolationLevel isolation) {
                return (partitions, spec) -> Map.of(); // not answered: the consumer finds them, as MockConsumer can
            }

            @Override
            public IdlePartitions.Watch idleWatch(Map<String, Object> consumerSettings, String name) {
                return idleWatch;
            }
        });
        task.initialize(new Context(committed));
        task.start(MirrorSourceTaskConfig.forTask(props, 0, 1, Set.of()));
    }

    private void sourceHolds(long from, long to, int valueBytes) {
        sourceHolds(ORDERS_0, from, to, valueBytes);
    }

    /** Records {@code from} to {@code to} (exclusive) of {@code tp}, each with the timestamp {@code writtenAt}. */
    private void sourceHoldsWrittenAt(TopicPartition tp, long from, long to, long writtenAt) {
        for (long offset = from; offset < to; offset++) {
            source.addRecord(new ConsumerRecord<>(
                    tp.topic(),
                    tp.partition(),
                    offset,
                    writtenAt,
                    TimestampType.CREATE_TIME,
                    4,
                    1,
                    ("k" + offset).getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) offset},
                    new RecordHeaders(),
                    Optional.empty()));
        }
    }

    private void sourceHolds(TopicPartition tp, long from, long to, int valueBytes) {
        for (long offset = from; offset < to; offset++) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("trace", ("t" + offset).getBytes(StandardCharsets.UTF_8));
            byte[] value = new byte[valueBytes];
            value[0] = (byte) offset;
            source.addRecord(new ConsumerRecord<>(
                    tp.topic(),
                    tp.partition(),
                    offset,
                    T0 - 1000 + offset,
                    TimestampType.CREATE_TIME,
                    4,
                    valueBytes,
                    ("k" + offset).getBytes(StandardCharsets.UTF_8),
                    value,
                    headers,
                    Optional.empty()));
        }
    }

    private static long offsetOf(SourceRecord record) {
        return ((Number) record.sourceOffset().get("offset")).longValue();
    }

    private static List<Long> offsets(List<SourceRecord> records) {
        return records.stream().map(MirrorSourceTaskTest::offsetOf).toList();
    }

    private static RecordMetadata landedAt(long remoteOffset) {
        return new RecordMetadata(new TopicPartition("A.orders", 0), remoteOffset, 0, T0, 4, 10);
    }

    @Test
    void shouldHandConnectEachRecordAsItWasInMirrorMakersFormat() {
        start(Map.of());
        sourceHolds(0, 3, 10);
        List<SourceRecord> copies = task.poll();

        assertEquals(List.of(0L, 1L, 2L), offsets(copies), "every record once, in order");
        for (SourceRecord copy : copies) {
            long offset = offsetOf(copy);
            assertEquals("A.orders", copy.topic());
            assertEquals(0, copy.kafkaPartition(), "the same partition");
            assertArrayEquals(("k" + offset).getBytes(StandardCharsets.UTF_8), (byte[]) copy.key());
            assertEquals((byte) offset, ((byte[]) copy.value())[0]);
            assertEquals(T0 - 1000 + offset, copy.timestamp());
            Header trace = copy.headers().lastWithName("trace");
            assertArrayEquals(("t" + offset).getBytes(StandardCharsets.UTF_8), (byte[]) trace.value());
            assertEquals(
                    Map.of("cluster", "A", "topic", "orders", "partition", 0),
                    copy.sourcePartition(),
                    "MM2's source partition, so either can resume the other's copy");
        }
    }

    @Test
    void shouldResumeAfterConnectsCommittedOffset() {
        committed.put(Map.of("cluster", "A", "topic", "orders", "partition", 0), Map.of("offset", 4L));
        start(Map.of());
        sourceHolds(0, 8, 10);
        assertEquals(List.of(5L, 6L, 7L), offsets(task.poll()), "offset 4 was the last one copied");
    }

    @Test
    void shouldHandOverTheRecordsBeforeARefusedOneThenFailNamingIt() {
        start(Map.of("producer.override.max.request.size", "2000"));
        sourceHolds(0, 2, 10);
        sourceHolds(2, 3, 5000);
        sourceHolds(3, 4, 10);

        assertEquals(List.of(0L, 1L), offsets(task.poll()), "the records before it still go out");
        ConnectException refused = assertThrows(ConnectException.class, task::poll);
        String message = refused.getMessage();
        assertTrue(
                message.contains("offset 2 of orders-0")
                        && message.contains("A.orders")
                        && message.contains("max.request.size")
                        && message.contains("oversized.record.action=skip"),
                message);
        assertThrows(ConnectException.class, task::poll, "and nothing after it, however often Connect polls");
    }

    @Test
    void shouldSkipAnOversizedRecordWhenToldAndCopyTheRest() {
        start(Map.of("producer.override.max.request.size", "2000", "oversized.record.action", "skip"));
        sourceHolds(0, 1, 10);
        sourceHolds(1, 2, 5000);
        sourceHolds(2, 3, 10);
        assertEquals(List.of(0L, 2L), offsets(task.poll()));
    }

    @Test
    void shouldCountOnlyCopiesTheTargetAcknowledged() {
        start(Map.of());
        sourceHolds(0, 3, 10);
        List<SourceRecord> copies = task.poll();
        task.commitRecord(copies.get(0), landedAt(0));
        task.commitRecord(copies.get(1), null); // dropped by a transform or error tolerance: nothing was written
        task.commitRecord(copies.get(2), landedAt(1));

        time.advance(1_000);
        task.poll(); // reports acknowledgements in batches
        assertEquals(2, metrics.partition(ORDERS_0).copiedTotal(), "two copies landed, one was dropped");
    }

    @Test
    void shouldCopyAgainIntoARecreatedRemoteTopicWithoutDuplicates() {
        start(Map.of());
        sourceHolds(0, 10, 10);
        List<SourceRecord> first = task.poll();
        for (SourceRecord copy : first) {
            task.commitRecord(copy, landedAt(100 + offsetOf(copy)));
        }
        sourceHolds(10, 15, 10);
        List<SourceRecord> second = task.poll();
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), offsets(second));
        // The remote topic was deleted and made again: offset 10 lands at 0 of the new topic, 11 to 14 after it.
        for (SourceRecord copy : second) {
            task.commitRecord(copy, landedAt(offsetOf(copy) - 10));
        }

        sourceHolds(0, 20, 10); // the source still holds everything; 15 to 19 were written meanwhile
        assertEquals(
                List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L),
                offsets(task.poll()),
                "what went with the old topic is copied again, up to what the new one holds");
        sourceHolds(15, 20, 10);
        assertEquals(List.of(15L, 16L, 17L, 18L, 19L), offsets(task.poll()), "then on from where the copy was");
    }

    @Test
    void shouldCopyItsPartitionsWhileWhereANewOneStartsIsRead() throws Exception {
        TopicPartition orders1 = new TopicPartition("orders", 1);
        AtomicReference<AssignmentFeed.Assigned> next = new AtomicReference<>();
        feed = new AssignmentFeed() {
            @Override
            public Assigned start(Duration timeout) {
                return new Assigned(List.of(ORDERS_0), Map.of());
            }

            @Override
            public Assigned poll(Duration wait) {
                return next.getAndSet(null);
            }

            @Override
            public void close() {}
        };
        CountDownLatch targetAnswers = new CountDownLatch(1);
        Thread testThread = Thread.currentThread();
        remoteLimits = () -> {
            if (Thread.currentThread() != testThread) { // a take-up while running: the target is slow to answer
                try {
                    targetAnswers.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Map.of();
        };
        committed.put(Map.of("cluster", "A", "topic", "orders", "partition", 1), Map.of("offset", 1L));
        start(Map.of());
        source.updateBeginningOffsets(Map.of(orders1, 0L));
        sourceHolds(0, 3, 10);
        assertEquals(List.of(0L, 1L, 2L), offsets(task.poll()));

        next.set(new AssignmentFeed.Assigned(List.of(ORDERS_0, orders1), Map.of()));
        sourceHolds(3, 5, 10);
        assertEquals(List.of(3L, 4L), offsets(task.poll()), "orders-0 copies on while orders-1's start is read");
        sourceHolds(5, 6, 10);
        assertEquals(List.of(5L), offsets(task.poll()));
        assertEquals(Set.of(ORDERS_0), source.assignment(), "orders-1 waits for its reads");

        targetAnswers.countDown();
        Await.until("orders-1 taken up", Duration.ofSeconds(30), () -> {
            task.poll();
            return source.assignment().contains(orders1);
        });
        sourceHolds(orders1, 0, 4, 10);
        sourceHolds(6, 7, 10);
        List<SourceRecord> copies = task.poll();
        assertEquals(
                List.of("orders-0@6", "orders-1@2", "orders-1@3"),
                copies.stream()
                        .map(copy -> copy.sourcePartition().get("topic") + "-"
                                + copy.sourcePartition().get("partition") + "@" + offsetOf(copy))
                        .sorted()
                        .toList(),
                "orders-1 resumes after Connect's committed offset 1; orders-0 goes on");
    }

    @Test
    void shouldStopFetchingAnIdlePartitionAndCopyOnFromItsOffsetOnceItGetsRecords() {
        TopicPartition orders1 = new TopicPartition("orders", 1);
        feed = AssignmentFeed.fixed(List.of(ORDERS_0, orders1));
        source.updateBeginningOffsets(Map.of(orders1, 0L));
        start(Map.of("idle.partition.after.ms", "30000"));
        sourceHolds(0, 2, 10);
        sourceHolds(orders1, 0, 3, 10);
        assertEquals(5, task.poll().size());
        source.updateEndOffsets(Map.of(ORDERS_0, 2L, orders1, 3L)); // the fetch found both at their ends

        // orders-0 has a record every 10 s; orders-1 has none.
        for (long offset = 2; offset < 5; offset++) {
            time.sleep(10_000);
            sourceHolds(offset, offset + 1, 10);
            assertEquals(List.of(offset), offsets(task.poll()));
            source.updateEndOffsets(Map.of(ORDERS_0, offset + 1));
        }
        assertEquals(Set.of(ORDERS_0), source.assignment(), "orders-1, polled empty for 30 s, is no longer fetched");
        assertEquals(Map.of(orders1, 3L), watched, "it is watched from its next offset");

        time.sleep(2_000);
        assertEquals(null, task.poll(), "nothing to copy");
        assertEquals(Set.of(ORDERS_0), source.assignment(), "nothing new on it: it stays out");

        moved.add(orders1); // records arrive on it
        task.poll();
        assertEquals(Set.of(ORDERS_0, orders1), source.assignment(), "the watch found records: fetched again");
        assertEquals(Map.of(), watched);
        sourceHolds(orders1, 0, 5, 10);
        List<SourceRecord> copies = task.poll();
        assertEquals(
                List.of("orders-1@3", "orders-1@4"),
                copies.stream()
                        .map(copy -> copy.sourcePartition().get("topic") + "-"
                                + copy.sourcePartition().get("partition") + "@" + offsetOf(copy))
                        .toList(),
                "the copy goes on from the offset it stood at, each record once");
    }

    @Test
    void shouldStopFetchingAPartitionWhoseBacklogWasWrittenLongAgoOnceItIsCopied() {
        TopicPartition orders1 = new TopicPartition("orders", 1);
        feed = AssignmentFeed.fixed(List.of(ORDERS_0, orders1));
        source.updateBeginningOffsets(Map.of(orders1, 0L));
        start(Map.of("idle.partition.after.ms", "30000"));
        sourceHolds(0, 2, 10); // written a second before the take-up
        sourceHoldsWrittenAt(orders1, 0, 3, T0 - 120_000); // written two minutes before it
        assertEquals(5, task.poll().size());
        source.updateEndOffsets(Map.of(ORDERS_0, 2L, orders1, 3L)); // the fetch found both at their ends

        time.sleep(4_000);
        assertEquals(null, task.poll());
        assertEquals(
                Set.of(ORDERS_0, orders1),
                source.assignment(),
                "both fetched: the park pass is not due, and both were polled 4 s ago");

        time.sleep(6_000); // 10 s after the copy: the next park pass
        assertEquals(null, task.poll());
        assertEquals(
                Set.of(ORDERS_0),
                source.assignment(),
                "orders-1, whose newest record was written over 30 s ago and copied 10 s ago, is no longer fetched;"
                        + " orders-0, written 11 s ago, still is");
        assertEquals(Map.of(orders1, 3L), watched, "orders-1 is watched from its next offset");

        moved.add(orders1); // a new record arrives on it
        task.poll();
        sourceHoldsWrittenAt(orders1, 0, 4, time.milliseconds()); // the consumer, sought to 3, gets 3 on
        assertEquals(List.of(3L), offsets(task.poll()), "its copy goes on from where it stood");
        source.updateEndOffsets(Map.of(orders1, 4L));
        time.sleep(10_000);
        assertEquals(null, task.poll());
        assertEquals(
                Set.of(ORDERS_0, orders1),
                source.assignment(),
                "a record written 10 s ago keeps orders-1 fetched; orders-0, polled 20 s ago, too");
    }

    @Test
    void shouldNotAskTheLagOfAPartitionBeforeTheConsumersFirstFetchOfItAnswered() {
        TopicPartition orders1 = new TopicPartition("orders", 1);
        feed = AssignmentFeed.fixed(List.of(ORDERS_0, orders1));
        source.updateBeginningOffsets(Map.of(orders1, 0L));
        start(Map.of());
        sourceHolds(0, 3, 10); // orders-1 has none
        assertEquals(3, task.poll().size());
        for (int second = 1; second < 10; second++) {
            time.sleep(1_000);
            sourceHolds(second + 2, second + 3, 10); // a record a second on orders-0: a lag pass every second
            assertEquals(1, task.poll().size());
        }
        assertTrue(lagAsked.getOrDefault(ORDERS_0, 0) > 0, "orders-0's records were polled: its lag is known");
        assertEquals(
                null,
                lagAsked.get(orders1),
                "orders-1, polled empty, is not asked in its first 10 s: a real consumer would send the source a"
                        + " request for it");

        time.sleep(1_000);
        sourceHolds(12, 13, 10);
        assertEquals(1, task.poll().size());
        assertTrue(lagAsked.getOrDefault(orders1, 0) > 0, "10 s after its take-up, its lag is read");
    }

    /** Connect's view of the task: the offsets it committed earlier. */
    private record Context(Map<Map<String, Object>, Map<String, Object>> committed) implements SourceTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public OffsetStorageReader offsetStorageReader() {
            return new OffsetStorageReader() {
                @Override
                public <T> Map<String, Object> offset(Map<String, T> partition) {
                    return committed.get(partition);
                }

                @Override
                @SuppressWarnings("unchecked")
                public <T> Map<Map<String, T>, Map<String, Object>> offsets(Collection<Map<String, T>> partitions) {
                    Map<Map<String, T>, Map<String, Object>> found = new HashMap<>();
                    for (Map<String, T> partition : partitions) {
                        Map<String, Object> offset = committed.get(new HashMap<>((Map<String, Object>) partition));
                        if (offset != null) {
                            found.put(partition, offset);
                        }
                    }
                    return found;
                }
            };
        }

        @Override
        public PluginMetrics pluginMetrics() {
            return null;
        }
    }
}
