package dev.tandem.bench.replicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU seconds per thread of a JVM at one moment, from {@code /proc/<pid>/task}, so that what a window cost can be
 * told by thread: the task's consumer, the admin clients, the compiler, the collector. Threads are grouped by name
 * with digits folded ("pool-2-thread-1" and "pool-3-thread-4" are "pool-N-thread-N"; the kernel keeps 15 characters).
 */
public final class ThreadCpu {

    /** CPU seconds by thread id, and each thread's name group. */
    private final Map<String, Double> cpu;

    private final Map<String, String> group;

    private ThreadCpu(Map<String, Double> cpu, Map<String, String> group) {
        this.cpu = cpu;
        this.group = group;
    }

    /** The threads of process {@code pid} now; empty if they cannot be read (not Linux, process gone). */
    static ThreadCpu of(long pid) {
        Map<String, Double> cpu = new HashMap<>();
        Map<String, String> group = new HashMap<>();
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            threads.forEach(thread -> {
                String tid = thread.getFileName().toString();
                try {
                    String name = Files.readString(thread.resolve("comm")).trim();
                    cpu.put(tid, ProcStat.cpuSeconds(thread.resolve("stat")));
                    group.put(tid, name.replaceAll("[0-9]+", "N"));
                } catch (IOException e) {
                    // ended between the listing and the read
                }
            });
        } catch (IOException | RuntimeException e) {
            return new ThreadCpu(Map.of(), Map.of());
        }
        return new ThreadCpu(cpu, group);
    }

    /**
     * The {@code top} name groups by CPU used since {@code before}, as "name 1.23 s", largest first. Threads that
     * ended within the window are missing: their last time is lost with them.
     */
    public List<String> busiestSince(ThreadCpu before, int top) {
        Map<String, Double> used = new HashMap<>();
        cpu.forEach(
                (tid, seconds) -> used.merge(group.get(tid), seconds - before.cpu.getOrDefault(tid, 0.0), Double::sum));
        return used.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue()))
                .toList();
    }
}
