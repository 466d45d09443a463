package dev.tandem.bench;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;

/**
 * Removes what the previous run left on the source cluster (offset syncs, heartbeats, probe topics), keeping only
 * the prefilled data, so no replicator starts from another one's state.
 */
public final class SourceCleaner {

    private SourceCleaner() {}

    public static void removeAllBut(Admin admin, Collection<String> keep) throws Exception {
        Set<String> leftovers = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                .filter(t -> !keep.contains(t) && !t.startsWith("__"))
                .collect(Collectors.toSet());
        if (leftovers.isEmpty()) {
            return;
        }
        admin.deleteTopics(leftovers).all().get(60, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (admin.listTopics().names().get(30, TimeUnit.SECONDS).stream().anyMatch(leftovers::contains)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "Topics left by the previous run were not deleted within 60 s: " + leftovers);
            }
            Thread.sleep(200);
        }
    }
}
