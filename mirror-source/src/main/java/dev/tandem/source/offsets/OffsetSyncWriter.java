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
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Writes the syncs {@link OffsetSyncTracker} decides on to the offset-syncs topic, in order and without dropping
 * any: a lost break sync would make translation wrong, not merely coarse (MirrorMaker 2 drops syncs when too many
 * are in flight). Acknowledgements arrive on the producer's callback thread and only queue syncs; the task's own
 * thread sends them, so a slow offset-syncs topic never blocks the copy's acknowledgements.
 */
public final class OffsetSyncWriter implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final OffsetSyncTracker tracker;
    private final Time time;
    private final Runnable onWritten;
    private final ArrayDeque<Queued> queued = new ArrayDeque<>();
    private volatile Exception sendFailure;

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

    /** Sends queued and due progress syncs. Call from one thread only (the task's), which keeps them in order. */
    public void send() {
        Exception failure = sendFailure;
        if (failure != null) {
            throw new ConnectException(
                    "Writing offset syncs to " + topic + " failed with an error retrying cannot fix: "
                            + failure.getMessage()
                            + ". Fix the cause, then restart the failed task (POST /connectors/<name>/restart"
                            + "?includeTasks=true&onlyFailed=true); it writes a fresh sync for each partition",
                    failure);
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
        for (Queued sync : batch) {
            producer.send(sync.record(topic), (metadata, error) -> {
                if (error == null) {
                    onWritten.run();
                } else if (sendFailure == null) {
                    sendFailure = error;
                }
            });
        }
    }

    /** Sends what is left and waits for it, up to {@code timeout}. */
    public void close(Duration timeout) {
        try {
            send();
            producer.flush();
        } finally {
            Utils.closeQuietly(() -> producer.close(timeout), "offset syncs producer");
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
