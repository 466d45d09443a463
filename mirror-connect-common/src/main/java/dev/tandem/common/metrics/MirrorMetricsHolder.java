package dev.tandem.common.metrics;

/**
 * The process-wide {@link MirrorMetrics}: the driver installs its Prometheus metrics before starting its workers. On
 * a Kafka Connect worker nobody installs any, and the first connector to ask gets {@link JmxMirrorMetrics}, MBeans
 * named as MirrorMaker 2's. With plugin isolation this is one per plugin class loader, so one per worker.
 */
public final class MirrorMetricsHolder {

    private static volatile MirrorMetrics installed;

    private MirrorMetricsHolder() {}

    public static MirrorMetrics get() {
        MirrorMetrics metrics = installed;
        if (metrics == null) {
            synchronized (MirrorMetricsHolder.class) {
                if (installed == null) {
                    installed = new JmxMirrorMetrics();
                }
                metrics = installed;
            }
        }
        return metrics;
    }

    public static void install(MirrorMetrics metrics) {
        installed = metrics == null ? MirrorMetrics.NO_OP : metrics;
    }
}
