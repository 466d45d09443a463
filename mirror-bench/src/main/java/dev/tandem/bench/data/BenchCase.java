package dev.tandem.bench.data;

import java.util.Locale;
import java.util.Map;

/**
 * One data set the replicators copy, records of {@code recordBytes} bytes (an 8-byte key and the rest value, no
 * headers) spread round-robin over {@code partitions} partitions, in two topics: the backlog ({@code records}
 * records, copied only until the measured window closes) and a smaller failover topic ({@code failoverRecords},
 * copied in full before latency, discovery and failover are measured, with a group committed in its middle).
 *
 * @param sizedForRecordsPerSecond the copy rate the backlog is sized to outlast for the whole copy window
 */
public record BenchCase(
        String name,
        long records,
        int recordBytes,
        int partitions,
        long failoverRecords,
        long sizedForRecordsPerSecond) {

    public static final int KEY_BYTES = 8;

    /**
     * The two record sizes, 8 partitions each. The backlog is sized for the fastest replicator, copying at
     * its steady rate from the first second to the latest close of the window: on a 2-core machine the pipe copied
     * about 500k records/s at 512 B and 1.5M at 100 B, Tandem 655k at 512 B. A copy's first seconds are slower,
     * which leaves more room still. A faster machine or replicator makes runs fail loudly as "backlog ran out";
     * {@code bench.scale} then makes the backlog bigger.
     */
    private static final Map<String, BenchCase> KNOWN = Map.of(
            "512", new BenchCase("512", 0, 512, 8, 1_000_000, 720_000),
            "100", new BenchCase("100", 0, 100, 8, 1_000_000, 2_200_000));

    /**
     * A known case whose backlog lasts {@code copySeconds} at its sizing rate, times {@code scale} (below 1 for a
     * quick trial: the fastest replicators then run out, which their runs report). The failover topic shrinks
     * with {@code scale} but never grows: what it measures does not depend on its size.
     */
    public static BenchCase named(String name, double scale, double copySeconds) {
        BenchCase known = KNOWN.get(name.trim());
        if (known == null) {
            throw new IllegalArgumentException("Unknown benchmark case '" + name
                    + "' in bench.cases; use one or more of " + KNOWN.keySet() + " separated by commas");
        }
        long minimum = known.partitions * 1000L;
        long records = Math.max(minimum, Math.round(known.sizedForRecordsPerSecond * copySeconds * scale));
        long failoverRecords = Math.max(minimum, Math.round(known.failoverRecords * Math.min(1, scale)));
        return new BenchCase(
                known.name,
                records,
                known.recordBytes,
                known.partitions,
                failoverRecords,
                known.sizedForRecordsPerSecond);
    }

    /** The backlog topic. */
    public String topic() {
        return "bench-" + name;
    }

    public String failoverTopic() {
        return "bench-" + name + "-failover";
    }

    public String failoverGroup() {
        return "bench-failover-" + name;
    }

    /** Record bytes of both topics, before Kafka's per-record and per-batch overhead. */
    public long bytes() {
        return (records + failoverRecords) * recordBytes;
    }

    /** The offset the failover group commits on each partition: near the middle, deliberately not a round number. */
    public long failoverOffset(int partition) {
        return failoverRecords / partitions / 2 + 37L * partition + 13;
    }

    /** How long the backlog lasts a replicator copying at its sizing rate. */
    public double backlogSecondsAtSizingRate() {
        return (double) records / sizedForRecordsPerSecond;
    }

    public String describe() {
        return String.format(
                Locale.ROOT,
                "%d B records in %d partitions: backlog %,d records (%.1f GB), failover topic %,d",
                recordBytes,
                partitions,
                records,
                records * (double) recordBytes / 1e9,
                failoverRecords);
    }

    /** For section titles. */
    public String title() {
        return String.format(
                Locale.ROOT, "%d B records, %d partitions (backlog %,d records)", recordBytes, partitions, records);
    }
}
