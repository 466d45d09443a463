package dev.tandem.driver.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns at start about each listener other hosts can reach without a lock on it: no authentication (anyone can
 * create, change or delete connectors, or read the metrics), or credentials sent in clear text over plain http.
 */
public final class ListenerExposure {

    private static final Logger log = LoggerFactory.getLogger(ListenerExposure.class);
    private static final String ADVICE = " Set rest.authentication.user and rest.authentication.password, and serve"
            + " https (listeners = https://host:port with listeners.https.ssl.*, http.listener = https://host:port);"
            + " see docs/security.md.";

    private ListenerExposure() {}

    /**
     * Logs and returns a warning for each exposed listener: {@code httpListener} is the driver's own, {@code
     * workerProps} the settings of each target's worker, by target.
     */
    public static List<String> warnIfOpen(
            String httpListener, Map<String, Map<String, String>> workerProps, boolean authenticated) {
        List<String> warnings = new ArrayList<>();
        check("The driver's /metrics, /health and /status", httpListener, authenticated, warnings);
        workerProps.forEach((target, props) -> {
            for (String key : new String[] {"listeners", "admin.listeners"}) {
                String listeners = props.get(key);
                if (listeners == null || listeners.isBlank()) {
                    continue;
                }
                for (String listener : listeners.split(",")) {
                    check(
                            "The REST API of the worker for " + target + " (" + key + ")",
                            listener.trim(),
                            authenticated,
                            warnings);
                }
            }
        });
        warnings.forEach(log::warn);
        return warnings;
    }

    private static void check(String what, String listener, boolean authenticated, List<String> warnings) {
        String address = listener.replaceFirst("^[a-zA-Z]+://", "").replaceFirst("/$", "");
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (isLoopback(host)) {
            return;
        }
        boolean tls = listener.startsWith("https://");
        if (!authenticated) {
            warnings.add(what + " listens on " + listener + ", which other hosts can reach, without authentication:"
                    + " anyone who reaches it can "
                    + (what.startsWith("The REST")
                            ? "create, change or delete" + " connectors."
                            : "read the replication's state and metrics.")
                    + ADVICE);
        } else if (!tls) {
            warnings.add(what + " listens on " + listener + ", which other hosts can reach, over plain http: its"
                    + " credentials cross the network in clear text." + ADVICE);
        }
    }

    private static boolean isLoopback(String host) {
        if (host.isEmpty()) {
            return false; // Connect binds every interface for "http://:8083"
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
