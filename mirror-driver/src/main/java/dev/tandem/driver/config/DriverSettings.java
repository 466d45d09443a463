package dev.tandem.driver.config;

import dev.tandem.driver.security.BasicCredentials;
import dev.tandem.driver.security.TlsSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

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
    public static final String REST_USER = "rest.authentication.user";
    public static final String REST_PASSWORD = "rest.authentication.password";

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
                            + " status' asks. 0.0.0.0:9464 lets other hosts scrape it; port 0 picks a free port."
                            + " 'https://host:port' serves them over TLS with the key of 'listeners.https.ssl.keystore.*',"
                            + " as the workers' https REST listeners do.")
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
                            + " from 10 s up to 5 min. false leaves them FAILED for an operator to look at.")
            .define(
                    REST_USER,
                    Type.STRING,
                    "",
                    Importance.HIGH,
                    "With '" + REST_PASSWORD + "': the one account (HTTP basic authentication) the workers' REST"
                            + " APIs and the driver's /metrics, /health and /status accept; every other request gets"
                            + " 401. Empty: no authentication, and a warning at start when a listener is not on a"
                            + " loopback address. Use it with https listeners: basic credentials cross the network"
                            + " in clear text otherwise.")
            .define(REST_PASSWORD, Type.PASSWORD, null, Importance.HIGH, "The password of '" + REST_USER + "'.");

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
        boolean user = !raw.getOrDefault(REST_USER, "").isBlank();
        boolean password = raw.get(REST_PASSWORD) != null;
        if (user != password) {
            String missing = user ? REST_PASSWORD : REST_USER;
            problems.put(
                    user ? REST_USER : REST_PASSWORD,
                    List.of("needs '" + missing + "' too: set both to require authentication, or neither"));
        }
        if (raw.getOrDefault(HTTP_LISTENER, "").trim().startsWith("https://")
                && raw.get(TlsSettings.KEYSTORE_LOCATION) == null) {
            problems.put(
                    HTTP_LISTENER,
                    List.of("an https listener needs a key: set '" + TlsSettings.KEYSTORE_LOCATION + "' (and its"
                            + " password) to the keystore of this host's certificate"));
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

    /** The account of {@link #REST_USER}, or empty when none is configured. */
    public Optional<BasicCredentials> restAccount() {
        String user = getString(REST_USER);
        Password password = getPassword(REST_PASSWORD);
        if (user.isEmpty() || password == null) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(user, password.value()));
    }

    /** host:port with a port of 0 to 65535; the host is looked up when the listener starts. */
    private static final class HostAndPort implements ConfigDef.Validator {
        private static final Pattern FORM = Pattern.compile("(https?://)?[^:/\\s]+:\\d{1,5}/?");

        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return; // ConfigDef validates even after a failed parse, which it has reported already
            }
            String text = String.valueOf(value).trim();
            if (!FORM.matcher(text).matches()
                    || Integer.parseInt(
                                    text.substring(text.lastIndexOf(':') + 1).replace("/", ""))
                            > 65535) {
                throw new ConfigException("'" + text + "' is not host:port (or https://host:port); e.g. " + name
                        + " = 127.0.0.1:9464 (0.0.0.0:9464 to be scraped from other hosts, https://0.0.0.0:9464 over"
                        + " TLS)");
            }
        }

        @Override
        public String toString() {
            return "[https://]host:port";
        }
    }
}
