package dev.tandem.source.offsets;

import dev.tandem.client.records.OffsetSync;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
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
    private final ArrayDeque<OffsetSync> queued = new ArrayDeque<>();
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
                queued.add(sync);
            }
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
        List<OffsetSync> batch;
        synchronized (this) {
            queued.addAll(tracker.dueProgress(time.milliseconds()));
            if (queued.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(queued);
            queued.clear();
        }
        for (OffsetSync sync : batch) {
            producer.send(new ProducerRecord<>(topic, 0, sync.keyBytes(), sync.valueBytes()), (metadata, error) -> {
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
