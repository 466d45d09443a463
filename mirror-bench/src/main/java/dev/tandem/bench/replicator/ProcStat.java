package dev.tandem.bench.replicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** User + system CPU time from a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} file. */
public final class ProcStat {

    private static final double CLOCK_TICKS = clockTicksPerSecond();

    private ProcStat() {}

    /** CPU seconds the process or thread used so far; throws IOException if it is gone. */
    public static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        // Fields after the command name, which is in parentheses and may contain spaces ("C2 CompilerThre").
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long user = Long.parseLong(fields[11]);
        long system = Long.parseLong(fields[12]);
        return (user + system) / CLOCK_TICKS;
    }

    private static double clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Double.parseDouble(out);
        } catch (IOException | RuntimeException e) {
            return 100; // Linux's USER_HZ on every common kernel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
