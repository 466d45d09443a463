package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.ReplicatorProcess;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * The cost of a replicator that has nothing to copy: with the data set copied and no records coming, the
 * replicator's own CPU time ({@code /proc/<pid>/stat}, so neither the clusters nor this JVM count) and the records it
 * writes to internal topics on A and B over {@code seconds}. At thousands of partitions, per-partition bookkeeping
 * that is free at ten shows up here.
 */
final class IdleWindow {

    private final Admin source;
    private final Admin target;

    IdleWindow(Admin source, Admin target) {
        this.source = source;
        this.target = target;
    }

    IdleFigures measure(ReplicatorProcess replicator, int seconds) throws Exception {
        Map<String, Long> before = internalEnds();
        double cpuBefore = replicator.cpuSeconds();
        TimeUnit.SECONDS.sleep(seconds); // the measuring window itself, not a wait for a condition
        double cpuAfter = replicator.cpuSeconds();
        Map<String, Long> after = internalEnds();
        replicator.checkAlive();
        Set<String> topics = new HashSet<>(before.keySet());
        topics.addAll(after.keySet());
        Map<String, Long> growth = new TreeMap<>();
        // A topic created during the window grew from 0; one deleted during it is left out (nothing to compare).
        topics.stream()
                .filter(after::containsKey)
                .forEach(t -> growth.put(t, after.get(t) - before.getOrDefault(t, 0L)));
        return new IdleFigures(cpuAfter - cpuBefore, seconds, growth);
    }

    private Map<String, Long> internalEnds() throws Exception {
        Map<String, Long> ends = new TreeMap<>(InternalTopicEnds.read(source, "A", ScaleDataSet::isDataTopicOnSource));
        ends.putAll(InternalTopicEnds.read(target, "B", ScaleDataSet::isDataTopicOnTarget));
        return ends;
    }
}
