package dev.tandem.client.metrics;

/**
 * The process-wide {@link MirrorMetrics}: the driver installs one before starting its workers; on a plain Connect
 * worker none is installed and connectors report to {@link MirrorMetrics#NO_OP}.
 */
public final class MirrorMetricsHolder {

    private static volatile MirrorMetrics installed = MirrorMetrics.NO_OP;

    private MirrorMetricsHolder() {
    }

    public static MirrorMetrics get() {
        return installed;
    }

    public static void install(MirrorMetrics metrics) {
        installed = metrics == null ? MirrorMetrics.NO_OP : metrics;
    }
}
