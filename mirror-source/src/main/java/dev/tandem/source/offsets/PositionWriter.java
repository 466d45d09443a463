package dev.tandem.source.offsets;

import dev.tandem.client.records.ReplicationPosition;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each partition's {@link ReplicationPosition} to the positions topic on the target: when it moved, and
 * otherwise every {@code refreshMs} so its observation time says the replicator was alive. A failed write is logged,
 * never fatal: positions only inform a failover drill, and copying must not stop for them.
 */
public final class PositionWriter implements PositionSink {

    private static final Logger log = LoggerFactory.getLogger(PositionWriter.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final PositionThrottle throttle;
    private volatile boolean failing;

    public PositionWriter(Producer<byte[], byte[]> producer, String topic, Duration refresh) {
        this.producer = producer;
        this.topic = topic;
        this.throttle = new PositionThrottle(refresh.toMillis());
    }

    @Override
    public void publish(Map<String, Object> connectPartition, ReplicationPosition position) {
        if (!throttle.due(position)) {
            return;
        }
        producer.send(new ProducerRecord<>(topic, 0, position.keyBytes(), position.valueBytes()), (metadata, error) -> {
            if (error != null && !failing) {
                failing = true;
                log.warn(
                        "Cannot write replication positions to {}: {}. Copying goes on; a failover drill will see"
                                + " older positions until this recovers.",
                        topic,
                        error.toString());
            } else if (error == null && failing) {
                failing = false;
                log.info("Writing replication positions to {} works again", topic);
            }
        });
    }

    @Override
    public void forget(TopicPartition tp) {
        throttle.forget(tp);
    }

    @Override
    public void close() {
        Utils.closeQuietly(() -> producer.close(Duration.ofSeconds(10)), "replication positions producer");
    }
}
