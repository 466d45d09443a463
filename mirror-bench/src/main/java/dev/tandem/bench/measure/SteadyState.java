package dev.tandem.bench.measure;

/**
 * The measured window of a bulk copy. Seconds count from the first record seen on the target. Over the window:
 * the records copied, the replicator's CPU seconds (all of it, and the part its JIT compiler threads used), the
 * benchmark JVM's (both clusters) and the fraction of all cores' time that was busy (NaN where unknown); and the
 * copy rate of its first and second halves, whose ratio shows whether the rate was still moving.
 */
public record SteadyState(
        double startSeconds,
        double endSeconds,
        JitAtStart jitAtStart,
        long records,
        double firstHalfRecordsPerSecond,
        double secondHalfRecordsPerSecond,
        double cpuSeconds,
        double jitCpuSeconds,
        double benchJvmCpuSeconds,
        double machineBusyFraction) {

    /** What the replicator's JIT compilers were doing when the window opened. */
    public enum JitAtStart {
        /** Quiet: the window waited for it (or did not need to). */
        QUIET,
        /** Still compiling when the longest wait allowed was over; the window opened anyway. */
        STILL_COMPILING,
        /** The compiler threads could not be read (not Linux): the window opened after the skip alone. */
        UNKNOWN
    }

    /** For a run that has no window, because the backlog ran out: every figure unknown. */
    public static final SteadyState NONE = new SteadyState(
            Double.NaN,
            Double.NaN,
            JitAtStart.UNKNOWN,
            0,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN,
            Double.NaN);

    public double seconds() {
        return endSeconds - startSeconds;
    }

    public double recordsPerSecond() {
        return records / seconds();
    }

    /** Second half's rate over the first's: near 1 when the copy was steady, above 1 while it was still speeding up. */
    public double steadiness() {
        return secondHalfRecordsPerSecond / firstHalfRecordsPerSecond;
    }

    /** The replicator's CPU per record copied, in microseconds. */
    public double cpuMicrosPerRecord() {
        return cpuSeconds * 1e6 / records;
    }

    /** The benchmark JVM's CPU (both clusters, and the probes' reads) per record copied, in microseconds. */
    public double benchJvmCpuMicrosPerRecord() {
        return benchJvmCpuSeconds * 1e6 / records;
    }

    /** The share of the replicator's CPU that went to compiling: near 0 once its JIT has settled. */
    public double jitShareOfCpu() {
        return jitCpuSeconds / cpuSeconds;
    }
}
