package dev.tandem.source.offsets;

import dev.tandem.client.offsets.OffsetSyncHeaders;
import dev.tandem.client.records.OffsetSync;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the syncs {@link OffsetSyncTracker} decides on to the offset-syncs topic, in order and without dropping
 * any: a lost break sync would make translation wrong, not merely coarse (MirrorMaker 2 drops syncs when too many
 * are in flight). Acknowledgements arrive on the producer's callback thread and only queue syncs; the task's own
 * thread sends them, so a slow offset-syncs topic never blocks the copy's acknowledgements.
 *
 * <p>A sync the cluster did not take for a reason that can pass (the topic not yet in the producer's metadata, a
 * delivery timeout while the cluster is away) is sent again, with every sync sent after it, in their first order: the
 * newest word on each partition stays the newest, and a sync that marks a new source topic is never dropped. Only an
 * error retrying cannot fix (authorization, a record too large...) fails the task.
 */
public final class OffsetSyncWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OffsetSyncWriter.class);
    /** How long after one resend the next may start, so a cluster that is away is not asked in a tight loop. */
    static final long RESEND_BACKOFF_MS = 1_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final OffsetSyncTracker tracker;
    private final Time time;
    private final Runnable onWritten;
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    /** Sent and not yet acknowledged, oldest first; only the task's thread adds and removes. */
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    private volatile Exception sendFailure;
    private volatile Exception retriableFailure;
    private long resendNotBeforeMs;

    /** {@code onWritten} runs on the producer's thread for each sync the cluster acknowledged. */
    public OffsetSyncWriter(
            Producer<byte[], byte[]> producer, String topic, OffsetSyncTracker tracker, Time time, Runnable onWritten) {
        this.producer = producer;
        this.topic = topic;
        this.tracker = tracker;
        this.time = time;
        this.onWritten = onWritten;
    }

    /** Called for each record the target acknowledged. Cheap: no I/O, no allocation for most records. */
    public void onAck(TopicPartition sourcePartition, long upstreamOffset, long downstreamOffset) {
        synchronized (this) {
            OffsetSync sync = tracker.onAck(sourcePartition, upstreamOffset, downstreamOffset, time.milliseconds());
            if (sync != null) {
                queued.add(new Queued(sync, tracker.takeMark(sourcePartition)));
            }
        }
    }

    /** {@code tp} is copied from the source topic {@code topicId} (see {@link OffsetSyncTracker#copying}). */
    public synchronized void copying(TopicPartition tp, Uuid topicId) {
        tracker.copying(tp, topicId);
    }

    /** {@code tp}'s topic was made again (see {@link OffsetSyncTracker#newTopic}). */
    public synchronized void newTopic(TopicPartition tp, Uuid topicId) {
        tracker.newTopic(tp, topicId);
    }

    /** A sync to send, with what its headers say of its source topic (null: nothing). */
    private record Queued(OffsetSync sync, OffsetSyncTracker.Mark mark) {
        ProducerRecord<byte[], byte[]> record(String topic) {
            Headers headers = mark == null ? null : OffsetSyncHeaders.of(mark.topicId(), mark.newTopic());
            return new ProducerRecord<>(topic, 0, null, sync.keyBytes(), sync.valueBytes(), headers);
        }
    }

    /** A sync handed to the producer; {@code acknowledged} is set on the producer's thread. */
    private static final class InFlight {
        final Queued sync;
        volatile boolean acknowledged;

        InFlight(Queued sync) {
            this.sync = sync;
        }
    }

    /** Sends queued and due progress syncs. Call from one thread only (the task's), which keeps them in order. */
    public void send() {
        failIfUnrecoverable();
        if (retriableFailure != null && !requeueUnacknowledged()) {
            return;
        }
        List<Queued> batch;
        synchronized (this) {
            tracker.dueProgress(time.milliseconds()).forEach(sync -> queued.add(new Queued(sync, null)));
            if (queued.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(queued);
            queued.clear();
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst().acknowledged) {
            inFlight.pollFirst();
        }
        for (Queued sync : batch) {
            InFlight sent = new InFlight(sync);
            inFlight.add(sent);
            producer.send(sync.record(topic), (metadata, error) -> {
                if (error == null) {
                    sent.acknowledged = true;
                    onWritten.run();
                } else if (error instanceof RetriableException) {
                    retriableFailure = error;
                } else if (sendFailure == null) {
                    sendFailure = error;
                }
            });
        }
    }

    /**
     * After a retriable failure, and no sooner than {@link #RESEND_BACKOFF_MS} after the previous one: waits for every
     * sync in flight to settle, then queues the first unacknowledged one and every one sent after it again, ahead of
     * the syncs queued since. False while the backoff lasts.
     */
    private boolean requeueUnacknowledged() {
        long now = time.milliseconds();
        if (now < resendNotBeforeMs) {
            return false;
        }
        producer.flush();
        failIfUnrecoverable();
        Exception cause = retriableFailure;
        retriableFailure = null;
        resendNotBeforeMs = now + RESEND_BACKOFF_MS;
        while (!inFlight.isEmpty() && inFlight.peekFirst().acknowledged) {
            inFlight.pollFirst();
        }
        List<Queued> again = new ArrayList<>(inFlight.size());
        inFlight.forEach(sent -> again.add(sent.sync));
        inFlight.clear();
        synchronized (this) {
            for (int i = again.size() - 1; i >= 0; i--) {
                queued.addFirst(again.get(i));
            }
        }
        log.warn(
                "Writing offset syncs to {} failed for a reason that can pass ({}); sending {} of them again, in order",
                topic,
                cause == null ? "unknown" : cause.getMessage(),
                again.size());
        return true;
    }

    private void failIfUnrecoverable() {
        Exception failure = sendFailure;
        if (failure != null) {
            throw new ConnectException(
                    "Writing offset syncs to " + topic + " failed with an error retrying cannot fix: "
                            + failure.getMessage()
                            + ". Fix the cause, then restart the failed task (POST /connectors/<name>/restart"
                            + "?includeTasks=true&onlyFailed=true); it writes a fresh sync for each partition",
                    failure);
        }
    }

    /** Sends what is left and waits for it, up to {@code timeout}. */
    public void close(Duration timeout) {
        try {
            send();
            producer.flush();
            if (retriableFailure != null) {
                resendNotBeforeMs = 0;
                send();
                producer.flush();
            }
        } finally {
            Utils.closeQuietly(() -> producer.close(timeout), "offset syncs producer");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
