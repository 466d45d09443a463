package dev.tandem.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Warns, before an hour is spent, when this machine's limits are below what a broker needs for the data set: a
 * broker keeps each partition's log file open and maps two index files, so each of A and B (each in its own process,
 * see {@link ScaleClusters}) needs about one descriptor and two memory maps per data partition. Past either limit a
 * broker fails mid-run with "Too many open files" or "Map failed".
 */
final class HostLimits {

    /** Sockets, jars, the internal topics' partitions and Kafka's own. */
    private static final long HEADROOM = 2_000;

    private HostLimits() {}

    static List<String> warnings(long dataPartitions) {
        List<String> warnings = new ArrayList<>();
        long files = dataPartitions + HEADROOM;
        openFiles().ifPresent(limit -> {
            if (limit < files) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "WARNING: open files limited to %,d; each broker needs about %,d for %,d partitions"
                                + " (raise it: ulimit -n %d)",
                        limit,
                        files,
                        dataPartitions,
                        files * 2));
            }
        });
        long maps = 2 * dataPartitions + HEADROOM;
        firstNumber(Path.of("/proc/sys/vm/max_map_count")).ifPresent(limit -> {
            if (limit < maps) {
                warnings.add(String.format(
                        Locale.ROOT,
                        "WARNING: vm.max_map_count is %,d; each broker needs about %,d memory maps"
                                + " (sysctl -w vm.max_map_count=%d)",
                        limit,
                        maps,
                        maps * 2));
            }
        });
        return warnings;
    }

    private static OptionalLong openFiles() {
        try {
            return Files.readAllLines(Path.of("/proc/self/limits")).stream()
                    .filter(l -> l.startsWith("Max open files"))
                    .map(l -> l.substring("Max open files".length()).trim().split("\\s+")[0])
                    .filter(v -> v.chars().allMatch(Character::isDigit))
                    .mapToLong(Long::parseLong)
                    .findFirst();
        } catch (IOException e) {
            return OptionalLong.empty(); // not Linux: nothing to check
        }
    }

    private static OptionalLong firstNumber(Path file) {
        try {
            // Line by line: on some kernels a procfs file reports a size of one byte, and Files.readString stops there.
            return OptionalLong.of(
                    Long.parseLong(Files.readAllLines(file).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
