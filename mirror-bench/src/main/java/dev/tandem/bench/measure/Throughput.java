package dev.tandem.bench.measure;

/**
 * The bulk copy of a case as seen on the target: seconds from process start to the first visible record, the
 * steady-state rate (records between 10 % and 90 % of the total over the time between), the rate between 50 % and
 * 90 % (after the JVM compiled the copy path), in the 10-90 % window the replicator's CPU seconds, the benchmark
 * JVM's (both clusters) and the fraction of all cores' time that was busy (NaN where unknown), and the seconds until
 * the last record was visible.
 */
public record Throughput(double firstRecordSeconds, double recordsPerSecond, double secondHalfRecordsPerSecond,
                         double steadyCpuSeconds, double steadyBenchJvmCpuSeconds, double steadyMachineBusyFraction,
                         long steadyRecords, double totalSeconds) {
}
