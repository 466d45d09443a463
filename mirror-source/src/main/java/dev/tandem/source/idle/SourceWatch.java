package dev.tandem.source.idle;

import dev.tandem.source.offsets.TaskProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches idle source partitions with a consumer of their own on a thread of its own. The consumer is assigned the
 * watched partitions at their kept offsets and fetches with a long {@code fetch.max.wait.ms} and a small fetch size
 * (16 KiB a partition): the source holds its fetch until one of them has a record (or the wait ends), so the consumer walks its
 * partitions about once per {@value #FETCH_WAIT_MS} ms while they stay idle, and a record written to any of them
 * answers at once. A partition with records, or whose offset the log no longer holds, is reported moved once and
 * no longer watched. Nothing it fetches is copied: the task's own consumer copies from
 * the kept offset.
 */
public final class SourceWatch implements IdlePartitions.Watch {

    private static final Logger log = LoggerFactory.getLogger(SourceWatch.class);

    /** How long the source may hold a fetch of idle partitions that finds nothing. */
    static final int FETCH_WAIT_MS = 10_000;

    private static final int FETCH_MAX_BYTES = 1024 * 1024;
    private static final int PARTITION_FETCH_BYTES = 16 * 1024;

    private static final Duration POLL = Duration.ofMillis(FETCH_WAIT_MS + 1_000L);
    private static final Duration FAILURE_PAUSE = Duration.ofSeconds(1);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** A change the task thread asks for, applied on the watch's thread. */
    private record Change(Map<TopicPartition, Long> watch, Collection<TopicPartition> unwatch) {}

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final String name;
    private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<TopicPartition> moved = new ConcurrentLinkedQueue<>();
    private volatile Consumer<byte[], byte[]> consumer;
    private volatile long fetchesAnswered;
    private volatile boolean closed;
    private volatile boolean broken;
    private Thread thread;

    /**
     * @param consumers makes the watch's consumer (on its thread), with the task consumer's settings
     * @param name the thread's name
     */
    public SourceWatch(Supplier<Consumer<byte[], byte[]>> consumers, String name) {
        this.consumers = consumers;
        this.name = name;
    }

    /** The watch consumer's settings: the task consumer's, with a long held fetch that returns almost nothing. */
    public static Map<String, Object> settings(Map<String, Object> taskConsumer) {
        Map<String, Object> settings = new HashMap<>(taskConsumer);
        settings.put("client.id", taskConsumer.getOrDefault("client.id", "tandem-source") + "-idle-watch");
        settings.put("fetch.max.wait.ms", FETCH_WAIT_MS);
        // Enough for the first batch of many partitions that wake at once, so one round finds them all.
        settings.put("fetch.max.bytes", FETCH_MAX_BYTES);
        settings.put("max.partition.fetch.bytes", PARTITION_FETCH_BYTES);
        settings.put("max.poll.records", 1_000);
        settings.put("auto.offset.reset", "none");
        return settings;
    }

    @Override
    public void watch(Map<TopicPartition, Long> from) {
        change(new Change(Map.copyOf(from), List.of()));
    }

    @Override
    public void unwatch(Collection<TopicPartition> partitions) {
        change(new Change(Map.of(), List.copyOf(partitions)));
    }

    private void change(Change change) {
        changes.add(change);
        if (thread == null) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
        Consumer<byte[], byte[]> watching = consumer;
        if (watching != null) {
            watching.wakeup();
        }
    }

    @Override
    public Set<TopicPartition> moved() {
        Set<TopicPartition> all = new HashSet<>();
        for (TopicPartition tp = moved.poll(); tp != null; tp = moved.poll()) {
            all.add(tp);
        }
        return all;
    }

    @Override
    public boolean broken() {
        return broken;
    }

    @Override
    public long fetchesAnswered() {
        return fetchesAnswered;
    }

    private void run() {
        Map<TopicPartition, Long> watched = new HashMap<>();
        boolean failing = false;
        try (Consumer<byte[], byte[]> watching = consumers.get()) {
            consumer = watching;
            TaskProgress.Fetched fetches = TaskProgress.Fetched.by(watching);
            while (!closed) {
                Change first = null;
                if (watched.isEmpty() && changes.isEmpty()) {
                    first = changes.poll(POLL.toMillis(), TimeUnit.MILLISECONDS); // nothing to fetch: wait for work
                    if (first == null) {
                        continue;
                    }
                }
                apply(watching, watched, first);
                if (watched.isEmpty()) {
                    continue;
                }
                List<TopicPartition> found = new ArrayList<>();
                try {
                    ConsumerRecords<byte[], byte[]> records = watching.poll(POLL);
                    // Not currentLag(): for a partition whose end the consumer does not know yet it sends a ListOffsets
                    // request, one per partition, and each answer runs the consumer's loop over all of them again.
                    found.addAll(records.partitions());
                    fetchesAnswered = fetches.fetchesAnswered();
                    if (failing) {
                        log.info("{}: the source answers again", name);
                        failing = false;
                    }
                } catch (WakeupException e) {
                    continue; // a change to apply, or closing
                } catch (OffsetOutOfRangeException e) {
                    found.addAll(e.partitions()); // the task's consumer handles a log that moved past the offset
                } catch (KafkaException e) {
                    if (!failing) {
                        log.warn(
                                "{}: watching {} idle partitions failed ({}); retrying every {} ms",
                                name,
                                watched.size(),
                                e.toString(),
                                FAILURE_PAUSE.toMillis());
                        failing = true;
                    }
                    TimeUnit.MILLISECONDS.sleep(FAILURE_PAUSE.toMillis());
                    continue;
                }
                if (!found.isEmpty()) {
                    found.forEach(watched::remove);
                    watching.assign(watched.keySet());
                    moved.addAll(found);
                }
            }
        } catch (InterruptedException e) {
            broken = !closed; // interrupted from outside: as for any stop, the task takes its partitions back
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!closed) {
                // Never a partition left unwatched: the task takes every one back and parks no more.
                log.error(
                        "{}: stopped ({}); the task fetches its idle partitions itself from now on",
                        name,
                        e.toString(),
                        e);
                broken = true;
            }
        } finally {
            consumer = null;
        }
    }

    /**
     * Applies the task thread's changes in order, {@code first} (taken off the queue already, or null) first: new
     * partitions sought to their kept offsets.
     */
    private void apply(Consumer<byte[], byte[]> watching, Map<TopicPartition, Long> watched, Change first) {
        Map<TopicPartition, Long> added = new HashMap<>();
        boolean changed = false;
        for (Change change = first != null ? first : changes.poll(); change != null; change = changes.poll()) {
            for (TopicPartition tp : change.unwatch()) {
                changed |= watched.remove(tp) != null;
                added.remove(tp);
            }
            watched.putAll(change.watch());
            added.putAll(change.watch());
            changed |= !change.watch().isEmpty();
        }
        if (changed) {
            watching.assign(watched.keySet());
            added.forEach(watching::seek);
        }
    }

    @Override
    public void close() {
        closed = true;
        Consumer<byte[], byte[]> watching = consumer;
        if (watching != null) {
            watching.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(CLOSE_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
