package dev.tandem.common.runtime;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.utils.Utils;

/**
 * Closes a connector's clients within the time Connect gives a connector to stop (5 s, fixed in Connect's
 * {@code Worker}; past it Connect logs an ERROR that the connector "has become unresponsive"). Closing without a
 * timeout waits for every pending call to time out, which is a minute when the cluster does not answer, and a stop
 * is exactly when one may not: the worker leaves its group when its own cluster is unreachable. Nothing a connector
 * still has pending at its stop must be kept: its next start computes it again.
 */
public final class QuickStop {

    /** Each client gets this long; a connector closes at most four, so it stops within Connect's 5 s. */
    public static final Duration EACH = Duration.ofSeconds(1);

    private QuickStop() {}

    public static void close(PeriodicJobs jobs, String what) {
        if (jobs != null) {
            Utils.closeQuietly(() -> jobs.close(EACH), what);
        }
    }

    public static void close(Admin admin, String what) {
        if (admin != null) {
            Utils.closeQuietly(() -> admin.close(EACH), what);
        }
    }
}
