package dev.tandem.heartbeat;

import dev.tandem.client.records.Heartbeat;
import dev.tandem.common.metrics.MirrorMetrics;
import dev.tandem.common.metrics.MirrorMetricsHolder;
import dev.tandem.common.runtime.TandemVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;

/** Writes one heartbeat of its flow every interval, timestamped when it is written. */
public class MirrorHeartbeatTask extends SourceTask {

    private final Time time;
    private MirrorHeartbeatConfig config;
    private Map<String, Object> sourcePartition;
    private long nextMs;
    private MirrorMetrics.FlowMeter meter;

    public MirrorHeartbeatTask() {
        this(Time.SYSTEM);
    }

    MirrorHeartbeatTask(Time time) {
        this.time = time;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MirrorHeartbeatConfig(props);
        // A HashMap, as MirrorMaker 2's: Connect finds a partition's offset by the key's JSON bytes and re-reads
        // stored keys into HashMaps, so another order would make GET /connectors/NAME/offsets answer null.
        Map<String, Object> partition = new HashMap<>();
        partition.put("sourceClusterAlias", config.sourceClusterAlias());
        partition.put("targetClusterAlias", config.targetClusterAlias());
        sourcePartition = partition;
        nextMs = time.milliseconds();
        meter = MirrorMetricsHolder.get().flow(config.sourceClusterAlias(), config.targetClusterAlias());
    }

    @Override
    public void commitRecord(SourceRecord record, RecordMetadata metadata) {
        if (metadata != null) {
            meter.heartbeatAcknowledged(record.timestamp());
        }
    }

    @Override
    public List<SourceRecord> poll() throws InterruptedException {
        long now = time.milliseconds();
        if (now < nextMs) {
            time.sleep(Math.min(1000, nextMs - now)); // Connect polls in a loop; waiting here is how tasks idle
            return null;
        }
        nextMs = now + config.emitHeartbeatsInterval().toMillis();
        Heartbeat heartbeat = new Heartbeat(config.sourceClusterAlias(), config.targetClusterAlias(), now);
        return List.of(new SourceRecord(
                sourcePartition,
                Map.of("offset", 0L),
                config.heartbeatsTopic(),
                0,
                Schema.BYTES_SCHEMA,
                heartbeat.keyBytes(),
                Schema.BYTES_SCHEMA,
                heartbeat.valueBytes(),
                now));
    }

    @Override
    public void stop() {}

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
