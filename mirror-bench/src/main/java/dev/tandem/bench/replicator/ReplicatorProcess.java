package dev.tandem.bench.replicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A replicator JVM: started, watched, stopped. CPU time comes from {@code /proc/<pid>/stat} (user + system), so it
 * counts the replicator process alone, never the clusters or the benchmark.
 */
public final class ReplicatorProcess implements AutoCloseable {

    private static final double CLOCK_TICKS = clockTicksPerSecond();

    private final Process process;
    private final RunFiles files;
    private final long startedNanos;

    private ReplicatorProcess(Process process, RunFiles files, long startedNanos) {
        this.process = process;
        this.files = files;
        this.startedNanos = startedNanos;
    }

    public static ReplicatorProcess start(ProcessBuilder builder, RunFiles files) throws IOException {
        builder.redirectErrorStream(true).redirectOutput(files.log().toFile());
        long started = System.nanoTime();
        return new ReplicatorProcess(builder.start(), files, started);
    }

    /** The replicator JVM's pid ({@code bin/connect-mirror-maker} execs java, so the script's pid is the JVM's). */
    public long pid() {
        return process.pid();
    }

    public long startedNanos() {
        return startedNanos;
    }

    /** CPU seconds (user + system) the process used so far. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long user = Long.parseLong(fields[11]);
            long system = Long.parseLong(fields[12]);
            return (user + system) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the CPU time of the replicator (pid " + process.pid() + ")", e);
        }
    }

    /** Fails with the end of the replicator's log if it has exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The replicator exited with code " + process.exitValue() + "; the end of "
                    + files.log() + ":" + System.lineSeparator() + files.logTail(30));
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                System.out.println("  replicator did not stop within 30 s of SIGTERM; killing it");
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
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
