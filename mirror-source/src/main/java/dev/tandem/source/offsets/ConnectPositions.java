package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import dev.tandem.source.records.RecordConverter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * The direct path's hand-over of positions to Connect: each position due becomes a record to the positions topic
 * that carries MirrorMaker 2's source offset of the partition ({@code {offset}}, the last record copied). Connect
 * writes it to the target and commits that offset at its next offset flush, so Connect's offsets topic, its offsets
 * REST API and a switch back to MM2 see the copy's progress, at most once per partition per flush; the positions
 * topic itself holds it within about a second, which is where a restarted task looks first.
 *
 * <p>A position is only ever built from acknowledged copies, so an offset handed over never runs ahead of the target.
 * Before the first copy since the start nothing new is known: such a position is written with no source offset.
 */
public final class ConnectPositions implements PositionSink {

    private final String topic;
    private final PositionThrottle throttle;
    private final List<SourceRecord> due = new ArrayList<>();

    public ConnectPositions(String topic, Duration refresh) {
        this.topic = topic;
        this.throttle = new PositionThrottle(refresh.toMillis());
    }

    @Override
    public void publish(Map<String, Object> connectPartition, ReplicationPosition position) {
        if (!throttle.due(position)) {
            return;
        }
        boolean copied = position.downstreamNext() >= 0 && position.upstreamNext() > 0;
        due.add(new SourceRecord(
                copied ? connectPartition : null,
                copied ? Collections.singletonMap(RecordConverter.OFFSET_KEY, position.upstreamNext() - 1) : null,
                topic,
                0,
                Schema.BYTES_SCHEMA,
                position.keyBytes(),
                Schema.BYTES_SCHEMA,
                position.valueBytes()));
    }

    /** The records to hand Connect from this poll, or null when there are none. Task thread. */
    public List<SourceRecord> drain() {
        if (due.isEmpty()) {
            return null;
        }
        List<SourceRecord> records = new ArrayList<>(due);
        due.clear();
        return records;
    }

    @Override
    public void forget(TopicPartition tp) {
        throttle.forget(tp);
    }

    @Override
    public void close() {
        due.clear();
    }
}
