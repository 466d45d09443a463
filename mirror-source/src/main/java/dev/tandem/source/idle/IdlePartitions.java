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
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps partitions with nothing new to copy out of the source consumer's assignment, and watches their ends instead.
 *
 * <p>Kafka's consumer walks every assigned partition on each fetch round (to build the request, pick a replica, skip
 * those with buffered data), whether the partition has records or not. At 10,000 assigned partitions that walk was
 * the larger part of an idle task's CPU, and under a trickle of traffic on a few partitions it ran many times a
 * second. A partition polled empty for {@code idleAfter}, whose last fetch found it at its end, is parked: taken out
 * of the assignment, its next offset kept here. One end-offsets request for all parked partitions goes out every
 * {@code checkEvery}; a partition whose end is no longer its kept offset (new records, or a log truncated or made
 * again: the consumer sorts those out as before) is assigned again and sought to that offset. A parked partition is
 * therefore copied at most about {@code checkEvery} later than it would have been, and nothing is skipped: it resumes
 * at the offset it was parked at.
 *
 * <p>Task thread only, but for the end-offsets answer, which arrives on the watch's thread and is read here.
 */
public final class IdlePartitions {

    private static final Logger log = LoggerFactory.getLogger(IdlePartitions.class);

    /** Longest time between two passes over the fetched partitions looking for idle ones. */
    private static final long MAX_PARK_PASS_MS = 10_000;
    /** How long a poll waits while an answer about the parked partitions' ends is due. */
    private static final Duration ANSWER_POLL = Duration.ofMillis(50);

    /** Asks the source for partitions' ends, as the consumer reads them (its isolation level). */
    public interface Ends extends AutoCloseable {
        /**
         * The next offset of each partition the source answered for, answered later; {@link #GONE} for a partition
         * the source says it does not have. A partition missing from the answer was not answered (asked again).
         */
        CompletableFuture<Map<TopicPartition, Long>> latest(Collection<TopicPartition> partitions);

        @Override
        void close();
    }

    /** The end of a partition the source does not have (its topic deleted). */
    public static final long GONE = -1;

    private final Consumer<byte[], byte[]> consumer;
    private final Ends ends;
    private final String taskName;
    private final long idleAfterMs;
    private final long checkEveryMs;
    private final long parkPassMs;

    /** Every partition the task copies, in the order it was given. */
    private List<TopicPartition> all = List.of();
    /** Parked partitions and the next offset to copy of each. */
    private final Map<TopicPartition, Long> parked = new HashMap<>();

    private CompletableFuture<Map<TopicPartition, Long>> asked;
    private long nextCheckMs;
    private long nextParkPassMs;
    /** How many end-offsets requests the source answered: the ends of parked partitions are as fresh as the last. */
    private long answers;

    private boolean failing;

    /**
     * @param idleAfter how long a partition is polled empty before it is parked; zero or less: never
     * @param checkEvery how often the parked partitions' ends are asked for
     */
    public IdlePartitions(
            Consumer<byte[], byte[]> consumer, Ends ends, String taskName, Duration idleAfter, Duration checkEvery) {
        this.consumer = consumer;
        this.ends = ends;
        this.taskName = taskName;
        this.idleAfterMs = idleAfter.toMillis();
        this.checkEveryMs = Math.max(1, checkEvery.toMillis());
        this.parkPassMs = Math.max(1, Math.min(MAX_PARK_PASS_MS, idleAfterMs / 3));
    }

    /**
     * The task copies {@code partitions} now: the consumer is assigned those not parked (the partitions it had keep
     * their positions); parked partitions the task no longer copies are forgotten.
     */
    public void assign(List<TopicPartition> partitions) {
        all = List.copyOf(partitions);
        if (!parked.isEmpty()) {
            parked.keySet().retainAll(new HashSet<>(partitions));
        }
        assignFetched();
    }

    /** Whether the consumer fetches nothing although the task copies partitions: they are all parked. */
    public boolean allParked() {
        return !all.isEmpty() && parked.size() == all.size();
    }

    public boolean isParked(TopicPartition tp) {
        return parked.containsKey(tp);
    }

    public int parkedCount() {
        return parked.size();
    }

    /** The next offset to copy of a parked partition. */
    public long parkedAt(TopicPartition tp) {
        return parked.get(tp);
    }

    /** How many times the source answered for the parked partitions' ends. */
    public long answers() {
        return answers;
    }

    /**
     * How long the consumer's next poll may wait: a short while when an answer about the parked partitions' ends is
     * due, so the partitions that moved are fetched again without waiting out a poll of the others.
     */
    public Duration pollTimeout(Duration max) {
        return asked != null && max.compareTo(ANSWER_POLL) > 0 ? ANSWER_POLL : max;
    }

    /** How long until the next look at the parked partitions' ends, at most {@code max}. */
    public Duration untilNextCheck(long nowMs, Duration max) {
        return Duration.ofMillis(Math.max(0, Math.min(max.toMillis(), nextCheckMs - nowMs)));
    }

    /**
     * Assigns {@code tp} again if it is parked, at the offset it was parked at, before the task seeks or asks the
     * consumer about it.
     */
    public void wake(TopicPartition tp) {
        if (parked.containsKey(tp)) {
            wake(Map.of(tp, parked.get(tp)));
        }
    }

    /**
     * After a poll: takes the answer about the parked partitions' ends if it is in and wakes the partitions that
     * moved; asks again when due; and parks the partitions that are idle, when a pass is due.
     *
     * @param lastPolledAt when records of a partition were last polled (or it was taken up)
     * @param parkable whether the task lets a partition be parked now (it is not being copied again, say)
     */
    public void afterPoll(long nowMs, ToLongFunction<TopicPartition> lastPolledAt, Predicate<TopicPartition> parkable) {
        if (idleAfterMs <= 0) {
            return;
        }
        if (asked != null && asked.isDone()) {
            takeAnswer();
        }
        if (asked == null && !parked.isEmpty() && nowMs >= nextCheckMs) {
            nextCheckMs = nowMs + checkEveryMs;
            asked = ends.latest(new ArrayList<>(parked.keySet()));
        }
        if (nowMs >= nextParkPassMs) {
            nextParkPassMs = nowMs + parkPassMs;
            park(nowMs, lastPolledAt, parkable);
        }
    }

    private void takeAnswer() {
        Map<TopicPartition, Long> answer;
        try {
            answer = asked.join();
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn(
                        "{}: asking the source for the ends of {} idle partitions failed ({}); they stay out of the"
                                + " consumer's fetches and are asked for again every {} ms",
                        taskName,
                        parked.size(),
                        e.getCause() == null ? e.toString() : e.getCause().toString(),
                        checkEveryMs);
                failing = true;
            }
            return;
        } finally {
            asked = null;
        }
        if (failing) {
            log.info("{}: the source answers for the ends of its idle partitions again", taskName);
            failing = false;
        }
        answers++;
        Map<TopicPartition, Long> moved = new HashMap<>();
        answer.forEach((tp, end) -> {
            Long next = parked.get(tp);
            if (next != null && end != next.longValue()) {
                moved.put(tp, next);
            }
        });
        if (!moved.isEmpty()) {
            wake(moved);
            log.debug(
                    "{}: {} idle partitions have new records; fetching them again: {}", taskName, moved.size(), moved);
        }
    }

    private void park(long nowMs, ToLongFunction<TopicPartition> lastPolledAt, Predicate<TopicPartition> parkable) {
        List<TopicPartition> idle = new ArrayList<>();
        for (TopicPartition tp : all) {
            if (!parked.containsKey(tp)
                    && nowMs - lastPolledAt.applyAsLong(tp) >= idleAfterMs
                    && atEnd(tp)
                    && parkable.test(tp)) {
                idle.add(tp);
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        for (TopicPartition tp : idle) {
            parked.put(tp, consumer.position(tp)); // known, as the last fetch found the partition at its end
        }
        if (nextCheckMs < nowMs) {
            nextCheckMs = nowMs + checkEveryMs;
        }
        assignFetched();
        log.info(
                "{}: {} partitions had nothing new for {} s and are no longer fetched; their ends are checked every"
                        + " {} ms instead ({} of {} partitions parked so)",
                taskName,
                idle.size(),
                idleAfterMs / 1000,
                checkEveryMs,
                parked.size(),
                all.size());
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
        if (parked.isEmpty()) {
            consumer.assign(all);
            return;
        }
        List<TopicPartition> fetched = new ArrayList<>(all.size() - parked.size());
        for (TopicPartition tp : all) {
            if (!parked.containsKey(tp)) {
                fetched.add(tp);
            }
        }
        consumer.assign(fetched);
    }

    /**
     * What the consumer knows of the task's partitions, and of the parked ones what this knows: each at its end and
     * its kept offset, as fresh as the last answer about their ends (or the consumer's last fetch, the newer).
     */
    public TaskProgress.Fetched around(TaskProgress.Fetched byConsumer) {
        return new TaskProgress.Fetched() {
            @Override
            public OptionalLong lag(TopicPartition tp) {
                return parked.containsKey(tp) ? OptionalLong.of(0) : byConsumer.lag(tp);
            }

            @Override
            public long position(TopicPartition tp) {
                Long kept = parked.get(tp);
                return kept != null ? kept : byConsumer.position(tp);
            }

            @Override
            public long fetchesAnswered() {
                long fetches = byConsumer.fetchesAnswered();
                return fetches < 0 ? -1 : fetches + answers;
            }
        };
    }

    public void close() {
        if (asked != null) {
            asked.cancel(false);
        }
        ends.close();
    }
}
