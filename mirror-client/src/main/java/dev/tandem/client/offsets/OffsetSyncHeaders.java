package dev.tandem.client.offsets;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * What Tandem adds to an offset sync in record headers, which MirrorMaker 2's readers ignore: the id of the source
 * topic the sync's copy is of, on the first sync of each partition after a task starts copying it, and a mark on the
 * first sync of a source topic that was deleted and made again under the same name. A reader then never translates an
 * offset of one topic through the syncs of another of the same name.
 */
public final class OffsetSyncHeaders {

    /** The source topic's id, as text ({@link Uuid#toString()}). */
    public static final String TOPIC_ID = "tandem.topic.id";
    /** Present on the first sync of a topic made again: every older sync of the partition is of another topic. */
    public static final String NEW_TOPIC = "tandem.topic.new";

    private OffsetSyncHeaders() {}

    /** The headers of a sync of {@code topicId}'s copy; none when the id is not known. */
    public static Headers of(Uuid topicId, boolean newTopic) {
        RecordHeaders headers = new RecordHeaders();
        if (!Uuid.ZERO_UUID.equals(topicId)) {
            headers.add(TOPIC_ID, topicId.toString().getBytes(StandardCharsets.UTF_8));
            if (newTopic) {
                headers.add(NEW_TOPIC, new byte[0]);
            }
        }
        return headers;
    }

    /** The source topic id a sync names; {@link Uuid#ZERO_UUID} when none or unreadable. */
    public static Uuid topicId(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(TOPIC_ID);
        if (header == null || header.value() == null) {
            return Uuid.ZERO_UUID;
        }
        try {
            return Uuid.fromString(new String(header.value(), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Uuid.ZERO_UUID;
        }
    }

    /** Whether a sync is the first of a topic made again. */
    public static boolean newTopic(Headers headers) {
        return headers != null && headers.lastHeader(NEW_TOPIC) != null && !Uuid.ZERO_UUID.equals(topicId(headers));
    }
}
