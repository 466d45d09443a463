package dev.tandem.bench.replicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU time a JVM's JIT compiler threads have used, read from {@code /proc/<pid>/task}: HotSpot names them
 * "C1 CompilerThreadN" and "C2 CompilerThreadN" (the kernel keeps the first 15 characters). While they are busy
 * the JVM is still compiling its hot code and its copy rate still climbing; when they go quiet, it has settled.
 * HotSpot starts and stops compiler threads as the queue grows and shrinks, so each thread's last reading is kept
 * after it ends: the total only ever grows.
 */
final class CompilerThreads {

    private static final String C1 = "C1 CompilerThre";
    private static final String C2 = "C2 CompilerThre";

    private final Path tasks;
    /** Every thread seen, and whether it is a compiler thread (its name is read once). */
    private final Map<String, Boolean> isCompiler = new HashMap<>();

    private final Map<String, Double> lastCpu = new HashMap<>();

    CompilerThreads(long pid) {
        this.tasks = Path.of("/proc", Long.toString(pid), "task");
    }

    /** CPU seconds of all compiler threads so far; NaN if the threads cannot be read (not Linux, process gone). */
    double cpuSeconds() {
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(this::read);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return lastCpu.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    private void read(Path thread) {
        String tid = thread.getFileName().toString();
        try {
            if (isCompiler.computeIfAbsent(tid, t -> isCompilerThread(thread))) {
                lastCpu.put(tid, ProcStat.cpuSeconds(thread.resolve("stat")));
            }
        } catch (IOException e) {
            // The thread ended between the listing and the read: its last reading stands.
        }
    }

    private static boolean isCompilerThread(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).trim();
            return name.startsWith(C1) || name.startsWith(C2);
        } catch (IOException e) {
            return false; // ended already; if it was a compiler thread, it was never seen running
        }
    }
}
