package dev.tandem.bench.data;

import java.util.Locale;
import java.util.Map;

/**
 * One data set the replicators copy: {@code records} records of {@code recordBytes} bytes (an 8-byte key and the
 * rest value, no headers) spread round-robin over {@code partitions} partitions of one topic.
 */
public record BenchCase(String name, long records, int recordBytes, int partitions) {

    public static final int KEY_BYTES = 8;

    /** The cases the issue asks for: 2,000,000 x 512 B and 10,000,000 x 100 B, 8 partitions each. */
    private static final Map<String, BenchCase> KNOWN = Map.of(
            "512", new BenchCase("512", 2_000_000, 512, 8),
            "100", new BenchCase("100", 10_000_000, 100, 8));

    /** A known case by name, its record count multiplied by {@code scale} (below 1 for quick trial runs). */
    public static BenchCase named(String name, double scale) {
        BenchCase known = KNOWN.get(name.trim());
        if (known == null) {
            throw new IllegalArgumentException("Unknown benchmark case '" + name + "' in bench.cases; use one or more of "
                    + KNOWN.keySet() + " separated by commas");
        }
        long records = Math.max(known.partitions * 1000L, Math.round(known.records * scale));
        return new BenchCase(known.name, records, known.recordBytes, known.partitions);
    }

    public String topic() {
        return "bench-" + name;
    }

    public String failoverGroup() {
        return "bench-failover-" + name;
    }

    public long recordsPerPartition() {
        return records / partitions;
    }

    public long bytes() {
        return records * recordBytes;
    }

    /** The offset the failover group commits on each partition: near the middle, deliberately not a round number. */
    public long failoverOffset(int partition) {
        return recordsPerPartition() / 2 + 37L * partition + 13;
    }

    public String describe() {
        return String.format(Locale.ROOT, "%,d records x %d B in %d partitions", records, recordBytes, partitions);
    }
}
