package dev.tandem.source.copy;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.source.records.PartitionState;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The direct copy path: writes each source record's bytes (key, value, headers, timestamp) to the same partition
 * of its remote topic with the task's own producer, and reports each acknowledgement to {@link Acknowledgements}.
 *
 * <p>The producer is idempotent with {@code acks=all} and an unbounded delivery timeout, as Connect's is: records of
 * one partition land in order and an unreachable target is waited for. An error retrying cannot fix (the target
 * refused the record, authorization) stops the partition's position before that record and fails the task at its
 * next poll, naming the record; nothing after it is ever reported as copied.
 *
 * <p>When few of the partitions the producer ever wrote to are still busy, the copier closes it and starts a new one
 * at a moment no copy is in flight ({@link ProducerRenewal} says why); records of a partition cannot change order
 * between two producers that never have records in flight at the same time.
 */
public final class DirectCopier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectCopier.class);
    private static final Duration RENEWAL_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Producer<byte[], byte[]>> producers;
    private final Acknowledgements acknowledgements;
    private final String clientId;
    private final LongSupplier clockMs;
    private final ProducerRenewal renewal;
    private Producer<byte[], byte[]> producer;
    private MetadataPrefetch metadata;
    private volatile ConnectException failure;

    /** {@code producers} makes the copy producer, now and whenever it is renewed. */
    public DirectCopier(
            Supplier<Producer<byte[], byte[]>> producers,
            Acknowledgements acknowledgements,
            String clientId,
            LongSupplier clockMs) {
        this(producers, acknowledgements, clientId, clockMs, new ProducerRenewal());
    }

    DirectCopier(
            Supplier<Producer<byte[], byte[]>> producers,
            Acknowledgements acknowledgements,
            String clientId,
            LongSupplier clockMs,
            ProducerRenewal renewal) {
        this.producers = producers;
        this.acknowledgements = acknowledgements;
        this.clientId = clientId;
        this.clockMs = clockMs;
        this.renewal = renewal;
        this.producer = producers.get();
        this.metadata = new MetadataPrefetch(producer, clientId);
    }

    /** Fetches the metadata of remote topics about to be copied into, ahead of their first records; returns at once. */
    public void prepare(Collection<String> remoteTopics) {
        metadata.prefetch(remoteTopics);
    }

    /** Sends one record of the partition {@code state} describes; {@code bytes} is its key and value size. */
    public void send(PartitionState state, ConsumerRecord<byte[], byte[]> record, int bytes) {
        renewal.writing(state, clockMs.getAsLong());
        producer.send(
                new ProducerRecord<>(
                        state.remoteTopic(),
                        record.partition(),
                        record.timestamp(),
                        record.key(),
                        record.value(),
                        record.headers()),
                new Copy(state, record.offset(), record.timestamp(), bytes));
    }

    /**
     * Writes {@code positions} to the positions topic with the copies' producer (a stopping task's final positions);
     * {@link #close} waits for them.
     */
    public void write(String positionsTopic, List<ReplicationPosition> positions) {
        for (ReplicationPosition position : positions) {
            producer.send(new ProducerRecord<>(positionsTopic, 0, position.keyBytes(), position.valueBytes()));
        }
    }

    /**
     * Replaces the producer with a new one when few of the partitions it wrote to are still busy and
     * {@code nothingInFlight} (every copy sent so far is acknowledged). Task thread, between polls.
     */
    public void renewIfMostlyQuiet(boolean nothingInFlight) {
        long now = clockMs.getAsLong();
        if (!nothingInFlight || failure != null || !renewal.due(now)) {
            return;
        }
        List<PartitionState> busy = renewal.busy(now);
        int written = renewal.written();
        long started = System.nanoTime();
        Utils.closeQuietly(() -> producer.close(RENEWAL_CLOSE_TIMEOUT), "copy producer");
        metadata.close();
        producer = producers.get();
        metadata = new MetadataPrefetch(producer, clientId);
        metadata.prefetch(
                busy.stream().map(PartitionState::remoteTopic).distinct().toList());
        renewal.renewed();
        log.info(
                "{}: copy producer renewed in {} ms: it had written to {} partitions, {} of them in the last {} s",
                clientId,
                (System.nanoTime() - started) / 1_000_000,
                written,
                busy.size(),
                ProducerRenewal.BUSY_WINDOW_MS / 1000);
    }

    /** Throws the first copy the target refused, so the task fails before it reads further. Task thread. */
    public void throwIfFailed() {
        ConnectException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** Waits up to {@code timeout} for the copies in flight, so their acknowledgements still count, then closes. */
    public void close(Duration timeout) {
        Utils.closeQuietly(() -> producer.close(timeout), "copy producer");
        metadata.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** One record in flight: what its acknowledgement needs, in fields rather than Connect's maps. */
    private final class Copy implements Callback {
        private final PartitionState state;
        private final long upstreamOffset;
        private final long timestamp;
        private final int bytes;

        Copy(PartitionState state, long upstreamOffset, long timestamp, int bytes) {
            this.state = state;
            this.upstreamOffset = upstreamOffset;
            this.timestamp = timestamp;
            this.bytes = bytes;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception error) {
            if (error == null) {
                acknowledgements.landed(
                        state,
                        upstreamOffset,
                        metadata.offset(),
                        timestamp,
                        bytes,
                        metadata.topic(),
                        metadata.partition());
                return;
            }
            state.markCopyFailed();
            acknowledgements.dropped(bytes);
            if (failure == null) {
                failure = new ConnectException(
                        "The target refused the copy of the record at offset " + upstreamOffset
                                + " of " + state.sourcePartition() + " (to " + state.remoteTopic() + "): " + error
                                + ". Nothing from this offset on is counted as copied: once the cause is fixed, restart the"
                                + " task (POST /connectors/<name>/restart?includeTasks=true&onlyFailed=true) and it copies"
                                + " again from this record.",
                        error);
            }
        }
    }
}
