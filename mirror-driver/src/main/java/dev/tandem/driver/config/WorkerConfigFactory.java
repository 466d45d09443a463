package dev.tandem.driver.config;

import dev.tandem.driver.secrets.DriverSecretsProvider;
import dev.tandem.driver.security.TandemRestGuard;
import dev.tandem.source.copy.CopyProducerSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of the embedded Kafka Connect worker of one target cluster. The worker stores its configs, offsets
 * and status on the target in {@code tandem-*.<target>.internal} topics (never replicated); every driver process
 * started with the same file joins the same group, so tasks spread over them and move when one dies.
 *
 * <p>The target's client settings (security too) apply to the worker's own clients and, prefixed, to the producers
 * that write the copies; {@code <target>.producer.*} tunes those producers, as in MM2.
 */
public final class WorkerConfigFactory {

    /** Connect's default is 60 s; a killed process then re-copies up to a minute of records. */
    public static final String OFFSET_FLUSH_INTERVAL_MS_DEFAULT = "1000";

    /** Connect holds a departed worker's tasks this long before moving them (its default: 5 minutes). */
    public static final String SCHEDULED_REBALANCE_MAX_DELAY_MS_DEFAULT = "10000";

    /**
     * How long a stopping task may take before Connect cancels it with an ERROR (its default: 5 s). A task stopped
     * while its target does not answer (the worker leaves its group when its own cluster is away) waits for its last
     * offset flush (5 s), for its copies in flight (up to 10 s), for its copy producer's close (up to 30 s), then
     * Connect closes its own producer (up to 30 s); that is an outage, already reported, not an error of the task.
     */
    public static final String TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_DEFAULT = "90000";

    private static final String CONFIG_PROVIDERS = "config.providers";
    private static final String REST_EXTENSIONS = "rest.extension.classes";

    private final MirrorMakerConfig config;

    public WorkerConfigFactory(MirrorMakerConfig config) {
        this.config = config;
    }

    public Map<String, String> worker(String target) {
        Map<String, String> raw = config.raw();
        Map<String, String> props = new HashMap<>();
        props.put("offset.flush.interval.ms", OFFSET_FLUSH_INTERVAL_MS_DEFAULT);
        props.put("scheduled.rebalance.max.delay.ms", SCHEDULED_REBALANCE_MAX_DELAY_MS_DEFAULT);
        props.put("task.shutdown.graceful.timeout.ms", TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_DEFAULT);
        // Connect's 25 offset partitions take longest to create and read at start; a few flows' source offsets fit in
        // 5.
        props.put("offset.storage.partitions", "5");
        props.put("config.storage.replication.factor", "-1");
        props.put("offset.storage.replication.factor", "-1");
        props.put("status.storage.replication.factor", "-1");
        props.put("producer.linger.ms", "5");
        // The same batches and buffer as the direct path's producer (see CopyProducerSettings for why).
        props.put("producer.batch.size", String.valueOf(CopyProducerSettings.BATCH_SIZE));
        props.put("producer.buffer.memory", String.valueOf(CopyProducerSettings.BUFFER_MEMORY));
        // Connect pins one request in flight to keep order; the idempotent producer keeps order with five.
        props.put("producer.enable.idempotence", "true");
        props.put("producer.max.in.flight.requests.per.connection", "5");
        props.putAll(config.globalSettings());
        addSecretsProvider(props);
        addRestGuard(props);
        config.clusterClientKeys(target).forEach((clientKey, origin) -> {
            String value = raw.get(origin);
            props.put(clientKey, value);
            props.put("producer." + clientKey, value);
            props.put("consumer." + clientKey, value);
            props.put("admin." + clientKey, value);
        });
        for (String client : new String[] {"producer", "consumer", "admin"}) {
            config.clusterClientKeys(target, client)
                    .forEach((clientKey, origin) -> props.put(client + "." + clientKey, raw.get(origin)));
        }
        props.put("group.id", groupId(target));
        props.put("config.storage.topic", "tandem-configs." + target + ".internal");
        props.put("offset.storage.topic", offsetsTopic(target));
        props.put("status.storage.topic", "tandem-status." + target + ".internal");
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("plugin.discovery", "service_load");
        props.putIfAbsent("listeners", "http://127.0.0.1:0");
        props.putIfAbsent("rest.advertised.host.name", "127.0.0.1");
        props.putIfAbsent("connector.client.config.override.policy", "All");
        return props;
    }

    /** The Connect group of the workers of {@code target}: every driver process with a worker for it joins. */
    public static String groupId(String target) {
        return "tandem-" + target;
    }

    /** Connect's offsets topic of the workers of {@code target}, on the target: the flows' committed source offsets. */
    public static String offsetsTopic(String target) {
        return "tandem-offsets." + target + ".internal";
    }

    /** The driver's REST extension runs on every worker, beside any listed in the file (see {@link TandemRestGuard}). */
    private static void addRestGuard(Map<String, String> props) {
        String configured = props.getOrDefault(REST_EXTENSIONS, "").trim();
        String guard = TandemRestGuard.class.getName();
        boolean listed = Arrays.stream(configured.split(",")).map(String::trim).anyMatch(guard::equals);
        if (!listed) {
            props.put(REST_EXTENSIONS, configured.isEmpty() ? guard : configured + "," + guard);
        }
    }

    /** Connectors get secrets as {@code ${tandem:key}} references (see {@link DriverSecretsProvider}); the worker resolves them. */
    private static void addSecretsProvider(Map<String, String> props) {
        String configured = props.getOrDefault(CONFIG_PROVIDERS, "").trim();
        boolean listed =
                Arrays.stream(configured.split(",")).map(String::trim).anyMatch(DriverSecretsProvider.NAME::equals);
        if (!listed) {
            props.put(
                    CONFIG_PROVIDERS,
                    configured.isEmpty() ? DriverSecretsProvider.NAME : configured + "," + DriverSecretsProvider.NAME);
        }
        props.put(
                CONFIG_PROVIDERS + "." + DriverSecretsProvider.NAME + ".class", DriverSecretsProvider.class.getName());
    }
}
