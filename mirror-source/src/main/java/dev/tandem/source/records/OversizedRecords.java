package dev.tandem.source.records;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a record the target cannot take before it is sent. Left to the producer, such a record fails the task with
 * "RecordTooLargeException" and no word of which record or topic; here the task either fails naming the record, its
 * size, the limit and the settings to change ({@code fail}, the default), or skips it, counted and logged, never
 * silently ({@code skip}).
 *
 * <p>The size is Kafka's own upper bound for a batch holding the record alone (key, value, headers, framing),
 * before compression, compared with the smaller of the producer's {@code max.request.size} and the remote topic's
 * {@code max.message.bytes}: with compression a record this refuses might have fitted.
 */
public final class OversizedRecords {

    private static final Logger log = LoggerFactory.getLogger(OversizedRecords.class);
    private static final int BATCH_HEADER = 61;
    private static final int VARINT = 5;
    private static final int VARLONG = 10;

    public enum Action {
        FAIL,
        SKIP;

        public static Action parse(String value) {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final Action action;
    private final int maxRequestSize;
    private final Map<String, Integer> topicLimits;

    /**
     * @param topicLimits {@code max.message.bytes} of remote topics by name; a topic not in it is held to
     *                    {@code maxRequestSize} alone
     */
    public OversizedRecords(Action action, int maxRequestSize, Map<String, Integer> topicLimits) {
        this.action = action;
        this.maxRequestSize = maxRequestSize;
        this.topicLimits = new HashMap<>(topicLimits);
    }

    /** Adds the limits of remote topics the task took up since it started. Task thread. */
    public void addLimits(Map<String, Integer> limits) {
        topicLimits.putAll(limits);
    }

    /**
     * Whether the record may be sent; throws for an oversized record under {@code fail}. {@code limit} is the
     * partition's {@link #limitOf limit}, looked up once for a whole batch of its records rather than per record.
     */
    public boolean admit(PartitionState state, int limit, ConsumerRecord<byte[], byte[]> record) {
        Header[] headers = record.headers().toArray();
        // A header key of n chars is at most 3n bytes in UTF-8: a bound that needs no encoding for most records.
        if (batchSizeUpperBound(record, headers, true) <= limit) {
            return true;
        }
        long size = batchSizeUpperBound(record, headers, false);
        if (size <= limit) {
            return true;
        }
        String what = String.format(
                "Record at offset %d of %s is up to %,d bytes with its key, value and headers, more than"
                        + " the %,d bytes %s accepts (the smaller of the remote topic's max.message.bytes, %s, and the"
                        + " producer's max.request.size, %,d)",
                record.offset(),
                state.sourcePartition(),
                size,
                limit,
                state.remoteTopic(),
                describe(topicLimits.get(state.remoteTopic())),
                maxRequestSize);
        if (action == Action.FAIL) {
            throw new ConnectException(what + ". Nothing after it in " + state.sourcePartition() + " is copied until"
                    + " this is fixed: raise max.message.bytes of " + state.remoteTopic() + " on the target and the"
                    + " target producer's max.request.size (<target>.producer.max.request.size in mm2.properties,"
                    + " producer.override.max.request.size on a Connect cluster), or set oversized.record.action=skip"
                    + " to skip such records; then restart the task.");
        }
        log.warn(
                "{}. Skipped, as oversized.record.action=skip says; counted in the partition's skipped records.", what);
        state.meter().skipped(1);
        return false;
    }

    /** The largest record, in bytes, the remote topic of the partition takes. */
    public int limitOf(PartitionState state) {
        Integer topicLimit = topicLimits.get(state.remoteTopic());
        return topicLimit == null ? maxRequestSize : Math.min(topicLimit, maxRequestSize);
    }

    private static String describe(Integer topicLimit) {
        return topicLimit == null ? "unknown" : String.format("%,d", topicLimit);
    }

    /**
     * A batch of this one record in Kafka's v2 format, as large as it can be: the batch header, then the record's
     * length, attributes, timestamp and offset deltas, key, value and each header, every length a varint of at most
     * five bytes (the timestamp delta a varlong of at most ten). Written out here rather than taken from
     * kafka-clients, whose record classes moved to an internal package in 4.x and differ on 3.x workers.
     */
    static long batchSizeUpperBound(ConsumerRecord<byte[], byte[]> record, Header[] headers, boolean boundKeys) {
        long size = BATCH_HEADER
                + VARINT
                + 1
                + VARLONG
                + VARINT
                + VARINT
                + Math.max(0, record.serializedKeySize())
                + VARINT
                + Math.max(0, record.serializedValueSize())
                + VARINT;
        for (Header header : headers) {
            size += VARINT
                    + (boundKeys ? 3L * header.key().length() : header.key().getBytes(StandardCharsets.UTF_8).length)
                    + VARINT
                    + (header.value() == null ? 0 : header.value().length);
        }
        return size;
    }
}
