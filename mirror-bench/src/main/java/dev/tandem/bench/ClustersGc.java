package dev.tandem.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Collection time of this JVM, which hosts both clusters: their pauses slow every replicator alike. */
final class ClustersGc {

    private ClustersGc() {}

    /** Milliseconds spent collecting since the JVM started, all collectors. */
    static long millis() {
        long total = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }
}
