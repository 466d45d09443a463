package dev.tandem.bench.replicator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A replicator JVM: started, watched, stopped. CPU time comes from {@code /proc/<pid>/stat} (user + system), so it
 * counts the replicator process alone, never the clusters or the benchmark.
 */
public final class ReplicatorProcess implements AutoCloseable {

    private final Process process;
    private final RunFiles files;
    private final long startedNanos;
    private final CompilerThreads compilerThreads;

    private ReplicatorProcess(Process process, RunFiles files, long startedNanos) {
        this.process = process;
        this.files = files;
        this.startedNanos = startedNanos;
        this.compilerThreads = new CompilerThreads(process.pid());
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
            return ProcStat.cpuSeconds(Path.of("/proc", Long.toString(process.pid()), "stat"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot read the CPU time of the replicator (pid " + process.pid() + ")", e);
        }
    }

    /** CPU seconds the JVM's JIT compiler threads used so far (part of {@link #cpuSeconds()}); NaN if unknown. */
    public double jitCpuSeconds() {
        return compilerThreads.cpuSeconds();
    }

    /** CPU seconds per thread now, to compare with a later reading. */
    public ThreadCpu threadCpu() {
        return ThreadCpu.of(process.pid());
    }

    /** Fails with the end of the replicator's log if it has exited. */
    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The replicator exited with code " + process.exitValue() + "; the end of "
                    + files.log() + ":" + System.lineSeparator() + files.logTail(30));
        }
    }

    /** SIGKILL, as a crash would, and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
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
}
