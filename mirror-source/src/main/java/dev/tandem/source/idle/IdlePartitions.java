package dev.tandem.source.idle;

import dev.tandem.source.offsets.TaskProgress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps partitions with nothing new to copy out of the source consumer's assignment, and has them watched instead.
 *
 * <p>Kafka's consumer walks every assigned partition on each fetch round (to build the request, pick a replica, skip
 * those with buffered data), whether the partition has records or not. At 10,000 assigned partitions that walk was
 * the larger part of an idle task's CPU, and under a trickle of traffic on a few partitions it ran many times a
 * second. A partition with nothing new for {@code idleAfter}, whose last fetch found it at its end, is parked: taken out
 * of the assignment, its next offset kept here, and handed to a {@link Watch}, which reports it when records arrive
 * (or its log no longer holds the offset: the consumer sorts out a truncated or recreated log as before). A reported
 * partition is assigned again and sought to its kept offset, so nothing is skipped and nothing copied twice.
 *
 * <p>Task thread only; the watch reports through its own thread-safe queue.
 */
public final class IdlePartitions {

    private static final Logger log = LoggerFactory.getLogger(IdlePartitions.class);

    /** Longest time between two passes over the fetched partitions looking for idle ones. */
    private static final long MAX_PARK_PASS_MS = 10_000;

    /**
     * A partition is parked no sooner than this share of {@code idleAfter} after records of it were last polled, even
     * when they were written long before: a producer that sets old timestamps (a replay) would otherwise have a busy
     * partition parked and woken again at every pass.
     */
    private static final int QUIET_FLOOR_DIVISOR = 6;

    /**
     * How long after a partition is assigned its lag is not asked of the consumer: until the consumer's first fetch
     * of it is answered, {@code currentLag()} sends the source a ListOffsets request for that one partition. A task
     * taking up thousands of partitions so sent thousands of requests, answered behind its held fetch, and the
     * answers for partitions parked meanwhile each logged a warning ("Not updating last stable offset ... as it is
     * no longer assigned"; 884 in one scale run). The first fetch normally answers well within this.
     */
    static final long FIRST_FETCH_GRACE_MS = 10_000;

    /** Watches parked partitions for records, on a thread of its own. */
    public interface Watch extends AutoCloseable {
        /** Watch these partitions from these next offsets (each is parked there). */
        void watch(Map<TopicPartition, Long> from);

        /** Stop watching these partitions (fetched again, or no longer the task's). */
        void unwatch(Collection<TopicPartition> partitions);

        /**
         * The watched partitions found with records at or past their offset, or whose log no longer holds it, since
         * the last call; each reported once, and no longer watched.
         */
        Set<TopicPartition> moved();

        /** Whether the watch stopped for good: every parked partition must then be fetched again. */
        boolean broken();

        /** How many fetches of the watched partitions the source answered; -1 when not known. */
        long fetchesAnswered();

        @Override
        void close();
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Watch watch;
    private final Time time;
    private final String taskName;
    private final long parkPassMs;
    private long idleAfterMs;
    private long quietFloorMs;

    /** Every partition the task copies, in the order it was given. */
    private List<TopicPartition> all = List.of();
    /** Parked partitions and the next offset to copy of each. */
    private final Map<TopicPartition, Long> parked = new HashMap<>();
    /** Partitions assigned to the consumer in the last {@link #FIRST_FETCH_GRACE_MS}, and when. */
    private final Map<TopicPartition, Long> assignedAt = new HashMap<>();

    private long nextParkPassMs;

    /** @param idleAfter how long a partition is polled empty before it is parked; zero: never */
    public IdlePartitions(
            Consumer<byte[], byte[]> consumer, Watch watch, String taskName, Duration idleAfter, Time time) {
        this.consumer = consumer;
        this.watch = watch;
        this.time = time;
        this.taskName = taskName;
        this.idleAfterMs = idleAfter.toMillis();
        this.quietFloorMs = idleAfterMs / QUIET_FLOOR_DIVISOR;
        this.parkPassMs = Math.max(1, Math.min(MAX_PARK_PASS_MS, idleAfterMs / 3));
    }

    /**
     * The task copies {@code partitions} now: the consumer is assigned those not parked (the partitions it had keep
     * their positions); parked partitions the task no longer copies are forgotten.
     */
    public void assign(List<TopicPartition> partitions) {
        all = List.copyOf(partitions);
        if (!assignedAt.isEmpty()) {
            assignedAt.keySet().retainAll(new HashSet<>(partitions));
        }
        if (!parked.isEmpty()) {
            List<TopicPartition> gone = new ArrayList<>(parked.keySet());
            gone.removeAll(new HashSet<>(partitions));
            if (!gone.isEmpty()) {
                gone.forEach(parked::remove);
                watch.unwatch(gone);
            }
        }
        assignFetched();
    }

    /** Whether the consumer fetches nothing although the task copies partitions: they are all parked. */
    public boolean allParked() {
        return !all.isEmpty() && parked.size() == all.size();
    }

    /**
     * Assigns {@code tp} again if it is parked, at the offset it was parked at, before the task seeks or asks the
     * consumer about it.
     */
    public void wake(TopicPartition tp) {
        if (parked.containsKey(tp)) {
            watch.unwatch(List.of(tp));
            wake(Map.of(tp, parked.get(tp)));
        }
    }

    /**
     * After a poll: assigns again the parked partitions the watch found moved, and parks the partitions that are
     * idle, when a pass is due.
     *
     * <p>Nothing new for {@code idleAfter} counts from when the newest record copied was written, if that is earlier
     * than when it was polled: a backlog of records written minutes ago (a task taking up thousands of partitions
     * whose copy is behind) is parked once copied, not {@code idleAfter} later. At 10,000 such partitions the
     * consumer's walk over the ones it still fetched was a third of the task's CPU while the target created their
     * remote topics, CPU the target's broker was short of.
     *
     * @param lastPolledAt when records of a partition were last polled (or it was taken up)
     * @param newestWrittenAt the timestamp of the newest record polled from a partition since its take-up;
     *     {@link Long#MAX_VALUE} when none was, or it had none
     * @param parkable whether the task lets a partition be parked now (it is not being copied again, say)
     */
    public void afterPoll(
            long nowMs,
            ToLongFunction<TopicPartition> lastPolledAt,
            ToLongFunction<TopicPartition> newestWrittenAt,
            Predicate<TopicPartition> parkable) {
        if (idleAfterMs <= 0) {
            return;
        }
        if (watch.broken()) {
            idleAfterMs = 0;
            quietFloorMs = 0;
            if (!parked.isEmpty()) {
                wake(new HashMap<>(parked));
            }
            return;
        }
        Map<TopicPartition, Long> moved = new HashMap<>();
        for (TopicPartition tp : watch.moved()) {
            Long next = parked.get(tp);
            if (next != null) {
                moved.put(tp, next);
            }
        }
        if (!moved.isEmpty()) {
            wake(moved);
            log.debug(
                    "{}: {} idle partitions have new records; fetching them again: {}", taskName, moved.size(), moved);
        }
        if (nowMs >= nextParkPassMs) {
            nextParkPassMs = nowMs + parkPassMs;
            park(nowMs, lastPolledAt, newestWrittenAt, parkable);
        }
    }

    private void park(
            long nowMs,
            ToLongFunction<TopicPartition> lastPolledAt,
            ToLongFunction<TopicPartition> newestWrittenAt,
            Predicate<TopicPartition> parkable) {
        Map<TopicPartition, Long> idle = new HashMap<>();
        for (TopicPartition tp : all) {
            if (!parked.containsKey(tp)
                    && quiet(nowMs, lastPolledAt.applyAsLong(tp), newestWrittenAt.applyAsLong(tp))
                    && atEnd(tp)
                    && parkable.test(tp)) {
                idle.put(tp, consumer.position(tp)); // known, as the last fetch found the partition at its end
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        parked.putAll(idle);
        assignedAt.keySet().removeAll(idle.keySet());
        assignFetched();
        watch.watch(idle);
        log.info(
                "{}: {} partitions had nothing new for {} s (counted from when their newest record was written) and"
                        + " are no longer fetched; they are watched for new records instead ({} of {} partitions so)",
                taskName,
                idle.size(),
                idleAfterMs / 1000,
                parked.size(),
                all.size());
    }

    /** Whether a partition polled at {@code polledAtMs}, its newest record written at {@code writtenAtMs}, is quiet. */
    private boolean quiet(long nowMs, long polledAtMs, long writtenAtMs) {
        long polledAgo = nowMs - polledAtMs;
        return polledAgo >= idleAfterMs || (polledAgo >= quietFloorMs && nowMs - writtenAtMs >= idleAfterMs);
    }

    /** Whether the consumer's last fetch of {@code tp} found its position at the partition's end. */
    private boolean atEnd(TopicPartition tp) {
        OptionalLong lag = consumer.currentLag(tp);
        return lag.isPresent() && lag.getAsLong() == 0;
    }

    private void wake(Map<TopicPartition, Long> partitions) {
        parked.keySet().removeAll(partitions.keySet());
        assignFetched();
        partitions.forEach(consumer::seek);
    }

    /** Assigns the consumer what it is to fetch: every partition the task copies that is not parked. */
    private void assignFetched() {
        List<TopicPartition> fetched;
        if (parked.isEmpty()) {
            fetched = all;
        } else {
            fetched = new ArrayList<>(all.size() - parked.size());
            for (TopicPartition tp : all) {
                if (!parked.containsKey(tp)) {
                    fetched.add(tp);
                }
            }
        }
        Set<TopicPartition> before = consumer.assignment();
        long now = time.milliseconds();
        for (TopicPartition tp : fetched) {
            if (!before.contains(tp)) {
                assignedAt.put(tp, now);
            }
        }
        consumer.assign(fetched);
    }

    /**
     * Records of {@code tp} were polled: the consumer's fetch of it answered, so it knows the partition's end and its
     * lag may be asked without a request to the source (task thread, once per partition per poll).
     */
    public void polled(TopicPartition tp) {
        if (!assignedAt.isEmpty()) {
            assignedAt.remove(tp);
        }
    }

    /** Whether {@code tp} was assigned so recently that the consumer's first fetch of it may not have answered. */
    private boolean awaitingFirstFetch(TopicPartition tp) {
        if (assignedAt.isEmpty()) {
            return false;
        }
        Long since = assignedAt.get(tp);
        if (since == null) {
            return false;
        }
        if (time.milliseconds() - since < FIRST_FETCH_GRACE_MS) {
            return true;
        }
        assignedAt.remove(tp);
        return false;
    }

    /**
     * What the consumer knows of the task's partitions, and of the parked ones what this knows: each at its end and
     * its kept offset, as fresh as the watch's last answered fetch (or the consumer's, the newer).
     */
    public TaskProgress.Fetched around(TaskProgress.Fetched byConsumer) {
        return new TaskProgress.Fetched() {
            @Override
            public OptionalLong lag(TopicPartition tp) {
                if (parked.containsKey(tp)) {
                    return OptionalLong.of(0);
                }
                // Not yet known, unless the consumer's first fetch answered: asked then, it would ask the source.
                return awaitingFirstFetch(tp) ? OptionalLong.empty() : byConsumer.lag(tp);
            }

            @Override
            public long position(TopicPartition tp) {
                Long kept = parked.get(tp);
                return kept != null ? kept : byConsumer.position(tp);
            }

            @Override
            public long fetchesAnswered() {
                long fetches = byConsumer.fetchesAnswered();
                long watched = watch.fetchesAnswered();
                return fetches < 0 || watched < 0 ? -1 : fetches + watched;
            }
        };
    }

    public void close() {
        watch.close();
    }
}
