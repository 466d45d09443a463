package dev.tandem.driver.config;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;

/**
 * The driver's own keys in mm2.properties, declared once: the keys that belong to the driver process rather than to its
 * connectors or workers. Validation, the values the driver runs with and {@code docs/reference/driver.md} all come from
 * {@link #CONFIG_DEF}. Every other top-level key applies to each flow's connectors.
 */
public final class DriverSettings extends AbstractConfig {

    public static final String CLUSTERS = "clusters";
    public static final String HTTP_LISTENER = "http.listener";
    public static final String HTTP_LISTENER_DEFAULT = "127.0.0.1:9464";
    public static final String PARTITION_LABEL = "metrics.partition.label.enabled";
    public static final String RESTART_FAILED = "restart.failed.tasks.enabled";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    CLUSTERS,
                    Type.LIST,
                    ConfigDef.NO_DEFAULT_VALUE,
                    Importance.HIGH,
                    "Aliases of the clusters, e.g. 'A, B' or 'us-west, us-east': 1 to 100 letters, digits, '_' or '-'"
                            + " each. Each needs '<alias>.bootstrap.servers'; flows between them are enabled with"
                            + " '<source>-><target>.enabled = true'.")
            .define(
                    HTTP_LISTENER,
                    Type.STRING,
                    HTTP_LISTENER_DEFAULT,
                    new HostAndPort(),
                    Importance.MEDIUM,
                    "Where the driver serves /metrics (Prometheus), /health and /status, and where 'connect-mirror-maker"
                            + " status' asks. 0.0.0.0:9464 lets other hosts scrape it; port 0 picks a free port.")
            .define(
                    PARTITION_LABEL,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Whether per-partition metric series carry a 'partition' label. false sums them per topic, which"
                            + " keeps the series count down at thousands of partitions.")
            .define(
                    RESTART_FAILED,
                    Type.BOOLEAN,
                    true,
                    Importance.LOW,
                    "Whether the driver restarts FAILED connectors and tasks of its workers, with a pause that doubles"
                            + " from 10 s up to 5 min. false leaves them FAILED for an operator to look at.");

    private DriverSettings(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
    }

    /** The driver's keys of a file that passed {@link #validate}. */
    public static DriverSettings of(Map<String, String> raw) {
        return new DriverSettings(ownKeys(raw));
    }

    /** Problems of the driver's keys, by key; {@code clusters} is left to the file's parser, which says more. */
    static Map<String, List<String>> validate(Map<String, String> raw) {
        Map<String, List<String>> problems = new TreeMap<>();
        for (ConfigValue value : CONFIG_DEF.validate(ownKeys(raw))) {
            if (!value.name().equals(CLUSTERS) && !value.errorMessages().isEmpty()) {
                problems.put(value.name(), value.errorMessages());
            }
        }
        return problems;
    }

    public static Set<String> keys() {
        return CONFIG_DEF.names();
    }

    private static Map<String, String> ownKeys(Map<String, String> raw) {
        Map<String, String> own = new TreeMap<>();
        raw.forEach((key, value) -> {
            if (CONFIG_DEF.names().contains(key)) {
                own.put(key, value.trim());
            }
        });
        return own;
    }

    public String httpListener() {
        return getString(HTTP_LISTENER);
    }

    public boolean partitionLabel() {
        return getBoolean(PARTITION_LABEL);
    }

    public boolean restartFailedTasks() {
        return getBoolean(RESTART_FAILED);
    }

    /** host:port with a port of 0 to 65535; the host is looked up when the listener starts. */
    private static final class HostAndPort implements ConfigDef.Validator {
        private static final Pattern FORM = Pattern.compile("[^:\\s]+:\\d{1,5}");

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return; // ConfigDef validates even after a failed parse, which it has reported already
            }
            String text = String.valueOf(value).trim();
            if (!FORM.matcher(text).matches() || Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)) > 65535) {
                throw new ConfigException("'" + text + "' is not host:port; e.g. " + name + " = 127.0.0.1:9464"
                        + " (0.0.0.0:9464 to be scraped from other hosts)");
            }
        }

        @Override
        public String toString() {
            return "host:port";
        }
    }
}
