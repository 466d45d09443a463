package dev.tandem.source.copy;

import dev.tandem.source.MirrorSourceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The settings of the direct path's producer: what the driver gives the Connect worker's producer on the record path,
 * so either path writes alike. Tandem's defaults first; then the target's client settings ({@code target.cluster.*},
 * {@code target.producer.*}, which mm2.properties' {@code <target>.producer.*} become); then the connector's
 * {@code producer.override.*}, as Connect applies them to its own producer on a Connect cluster.
 */
public final class CopyProducerSettings {

    private static final String OVERRIDE_PREFIX = "producer.override.";

    /** Full batches of 512-byte records: the copy rate of the benchmark's few busy partitions. */
    public static final int BATCH_SIZE = 131072;

    /**
     * Every open batch takes a whole {@link #BATCH_SIZE} from the producer's buffer, however few records it holds. With
     * the producer's 32 MiB only 256 batches fit: copying many partitions at a few records each (1,000 records/s over
     * 80 of 10,000 partitions in the scale command) filled it while the target was slow to answer, and the task
     * waited in {@code send} for 3.8 s. 128 MiB holds 1,024, as many as the producer's defaults (16 KiB batches in
     * 32 MiB) hold 2,048 of.
     */
    public static final long BUFFER_MEMORY = 128L * 1024 * 1024;

    private CopyProducerSettings() {}

    public static Map<String, Object> of(
            MirrorSourceConfig config, Map<String, String> connectorProps, String clientId) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_SIZE);
        settings.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        // Connect's own producer defaults for source tasks: every record waits for all replicas, and an unreachable
        // target is waited for instead of failing the copy.
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.MAX_VALUE);
        // The idempotent producer keeps each partition's order with five requests in flight (Connect pins one).
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.putAll(config.targetProducerConfig());
        connectorProps.forEach((key, value) -> {
            if (key.startsWith(OVERRIDE_PREFIX)) {
                settings.put(key.substring(OVERRIDE_PREFIX.length()), value);
            }
        });
        String acks = String.valueOf(settings.get(ProducerConfig.ACKS_CONFIG)).trim();
        boolean idempotenceChosen = config.targetProducerConfig().containsKey(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)
                || connectorProps.containsKey(OVERRIDE_PREFIX + ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        if (!"all".equals(acks) && !"-1".equals(acks) && !idempotenceChosen) {
            // Fewer acks rule out idempotence; one request in flight then keeps each partition in order, as Connect
            // does.
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
            settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        }
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        // A transactional id from the settings would make every send fail outside a transaction; exactly-once runs the
        // record path, where Connect owns the transactions.
        settings.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        return settings;
    }
}
