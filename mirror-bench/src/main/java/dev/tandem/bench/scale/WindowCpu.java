package dev.tandem.bench.scale;

import dev.tandem.bench.measure.CpuCounters;
import dev.tandem.bench.replicator.ProcStat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who used the cores during one stretch of a run: the CPU seconds of named processes (the replicator and the two
 * brokers' JVMs) and the machine's busy and I/O-wait shares. It tells whether a slow step, such as B applying
 * 10,000 new partitions, was short of CPU (the cores busy, much of it others') or waited on the disk (high I/O wait).
 */
final class WindowCpu {

    private final Map<String, Long> pids;
    private final Map<String, Double> startCpu = new LinkedHashMap<>();
    private final CpuCounters startMachine;
    private final long startNanos;

    private WindowCpu(Map<String, Long> pids) {
        this.pids = pids;
        pids.forEach((name, pid) -> startCpu.put(name, cpuSeconds(pid)));
        this.startMachine = CpuCounters.read();
        this.startNanos = System.nanoTime();
    }

    /** Opens the window now; each process by the name to print and its pid, in the order to print them. */
    @SafeVarargs
    static WindowCpu open(Map.Entry<String, Long>... processes) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Map.Entry<String, Long> process : processes) {
            pids.put(process.getKey(), process.getValue());
        }
        return new WindowCpu(pids);
    }

    /** The stretch from the opening to now, as one line, e.g. "Tandem 41.2 CPU s, A 12.0, B 30.5; cores 97 % busy". */
    String closeAsText() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        CpuCounters end = CpuCounters.read();
        List<String> parts = new ArrayList<>();
        pids.forEach((name, pid) -> {
            double used = cpuSeconds(pid) - startCpu.get(name);
            parts.add(String.format(Locale.ROOT, "%s %.1f CPU s", name, used));
        });
        String machine = "cores' use unknown";
        if (startMachine.machineKnown() && end.machineKnown()) {
            double total = end.machineTotalJiffies() - startMachine.machineTotalJiffies();
            double busy = end.machineBusyJiffies() - startMachine.machineBusyJiffies();
            double iowait = end.machineIowaitJiffies() - startMachine.machineIowaitJiffies();
            machine = total <= 0
                    ? machine
                    : String.format(
                            Locale.ROOT,
                            "the cores %.0f %% busy, %.0f %% waiting for the disk",
                            100 * busy / total,
                            100 * iowait / total);
        }
        return String.format(Locale.ROOT, "%.1f s: %s; %s", seconds, String.join(", ", parts), machine);
    }

    private static double cpuSeconds(long pid) {
        try {
            return ProcStat.cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // not Linux, or the process is gone: printed as NaN rather than guessed
        }
    }
}
