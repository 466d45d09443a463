package dev.tandem.bench.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The cumulative CPU counters the benchmark reads besides the replicator's own: the whole machine's busy and total
 * time ({@code /proc/stat}, in jiffies) and this JVM's CPU time, which is mostly the two clusters it hosts. With the
 * replicator's CPU they show whether a copy was bound by the cores, and how the cores were shared.
 *
 * @param machineTotalJiffies all cores' time, busy or not; -1 where {@code /proc/stat} cannot be read
 * @param machineBusyJiffies  all cores' time not idle and not waiting for I/O; -1 likewise
 * @param machineIowaitJiffies all cores' time idle while a disk request was outstanding; -1 likewise
 * @param benchJvmCpuSeconds  user + system CPU of this JVM; NaN where the JVM does not tell
 */
public record CpuCounters(
        long machineTotalJiffies, long machineBusyJiffies, long machineIowaitJiffies, double benchJvmCpuSeconds) {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    public static CpuCounters read() {
        long total = -1;
        long busy = -1;
        long iowait = -1;
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long sum = 0;
            for (int i = 1; i < fields.length; i++) {
                sum += Long.parseLong(fields[i]);
            }
            iowait = Long.parseLong(fields[5]);
            long idle = Long.parseLong(fields[4]) + iowait;
            total = sum;
            busy = sum - idle;
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unexpected format: the machine's load is then reported as unknown.
        }
        return new CpuCounters(total, busy, iowait, thisJvmCpuSeconds());
    }

    public boolean machineKnown() {
        return machineTotalJiffies >= 0;
    }

    /** The fraction of all cores' time that was busy from {@code earlier} to this reading; NaN if unknown. */
    public double machineBusyFractionSince(CpuCounters earlier) {
        return busyFraction(
                earlier.machineBusyJiffies, earlier.machineTotalJiffies, machineBusyJiffies, machineTotalJiffies);
    }

    /**
     * The busy fraction between two readings of the machine's counters, given as doubles so that a reading may be
     * interpolated; NaN if either is unknown (negative) or no time passed.
     */
    public static double busyFraction(double busyFrom, double totalFrom, double busyTo, double totalTo) {
        if (totalFrom < 0 || totalTo <= totalFrom) {
            return Double.NaN;
        }
        return (busyTo - busyFrom) / (totalTo - totalFrom);
    }

    private static double thisJvmCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            return nanos < 0 ? Double.NaN : nanos / 1e9;
        }
        return Double.NaN;
    }
}
