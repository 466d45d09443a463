package dev.tandem.bench.soak;

/** One minute of the soak, as a row of the report. */
record SoakSample(
        int minute,
        long written,
        long copied,
        long copiedThisMinute,
        long lag,
        long liveHeapBytes,
        long residentBytes,
        double cpuSeconds) {

    static final String HEADER =
            "| minute | written | copied | copied/s | lag (records) | live heap after full GC (MB) | RSS (MB) | CPU s |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|";

    String row() {
        return String.format(
                "| %d | %,d | %,d | %,d | %,d | %.1f | %.0f | %.1f |",
                minute, written, copied, copiedThisMinute / 60, lag, mb(liveHeapBytes), mb(residentBytes), cpuSeconds);
    }

    static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
