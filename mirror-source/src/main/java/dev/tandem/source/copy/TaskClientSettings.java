package dev.tandem.source.copy;

import dev.tandem.common.config.MirrorConnectorConfig;
import dev.tandem.source.MirrorSourceConfig;
import dev.tandem.source.gaps.StartingPositions;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings of a source task's own clients, other than the direct path's producer ({@link CopyProducerSettings}):
 * Tandem's defaults first, then the user's client settings, then what correctness needs whatever the user says.
 */
public final class TaskClientSettings {

    /** The producer's own default. */
    static final int DEFAULT_MAX_REQUEST_SIZE = 1024 * 1024;
    /** The source consumer's {@code fetch.max.wait.ms} unless the user sets one (the consumer's default: 500). */
    static final int FETCH_MAX_WAIT_MS = 2000;

    private TaskClientSettings() {}

    /**
     * The source consumer: assigned partitions, no group commits, transactions' aborted records never read, no
     * automatic reset ({@link StartingPositions}).
     */
    public static Map<String, Object> sourceConsumer(MirrorSourceConfig config, String clientId) {
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // How long the source holds a fetch that finds nothing new; a record arriving answers it at once. Each fetch
        // the consumer prepares walks every assigned partition: at 10,000 idle partitions the 500 ms default made
        // that walk 45 % of the idle task thread's samples. The cost: partitions taken up while a fetch is held are
        // first fetched when it returns, up to this much later.
        consumerConfig.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        consumerConfig.putAll(config.sourceConsumerConfig());
        // Connect tracks the copied position; a group's own commits would only mislead.
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // The task positions new partitions itself, by the user's setting, so that a position the source no longer
        // holds is an error it reports as a gap rather than a reset nobody sees.
        return StartingPositions.noAutomaticReset(consumerConfig);
    }

    /** The isolation level of consumer {@code settings}: {@code read_uncommitted} only when they say so. */
    public static IsolationLevel isolationLevel(Map<String, Object> settings) {
        Object level = settings.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
        return level != null
                        && "read_uncommitted"
                                .equalsIgnoreCase(String.valueOf(level).trim())
                ? IsolationLevel.READ_UNCOMMITTED
                : IsolationLevel.READ_COMMITTED;
    }

    /** The offset syncs' producer, on whichever cluster holds the offset-syncs topic. */
    public static Map<String, Object> offsetSyncsProducer(MirrorSourceConfig config, String clientId) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-offset-syncs");
        producerConfig.putAll(
                config.offsetSyncsOnTarget() ? config.targetProducerConfig() : config.sourceProducerConfig());
        // Syncs must arrive complete and in order: a missing or reordered break makes translation wrong.
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A sync given up on would leave a hole in the mapping, so an unreachable cluster is waited for, as Connect
        // waits with the copies; only errors retrying cannot fix (authorization, size) fail the task.
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        return producerConfig;
    }

    /** The record path's positions producer, on the target. */
    public static Map<String, Object> positionsProducer(MirrorSourceConfig config, String clientId) {
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.putAll(config.targetProducerConfig());
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-positions");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        // A position is superseded a second later; retrying one for long only delays noticing the target is gone.
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return producerConfig;
    }

    /**
     * The largest request the copies' producer sends (Connect's on the record path, the task's on the direct path):
     * the connector's {@code producer.override.} first, then the target's producer settings, on either path.
     */
    public static int copyMaxRequestSize(MirrorSourceConfig config, Map<String, String> props) {
        String key = "producer.override." + ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
        Object value = props.get(key);
        if (value == null) {
            key = MirrorConnectorConfig.TARGET_PRODUCER_PREFIX + ProducerConfig.MAX_REQUEST_SIZE_CONFIG;
            value = config.targetProducerConfig().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        }
        if (value == null) {
            return DEFAULT_MAX_REQUEST_SIZE;
        }
        try {
            return Integer.parseInt(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "must be a whole number of bytes, e.g. 1048576");
        }
    }
}
