package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Fails the benchmark before the prefill if the clusters' disk cannot hold the backlogs: better at minute one than
 * with a full disk at minute thirty. The embedded clusters keep their logs under java.io.tmpdir.
 */
final class DiskSpace {

    /** Kafka's per-record and per-batch overhead, about 10 % for 100 B records, plus indexes and internal topics. */
    private static final double OVERHEAD = 1.15;

    private DiskSpace() {}

    /** A line for the log, e.g. "disk: about 24 GB needed, 80 GB free in /tmp"; throws if it does not fit. */
    static String check(List<BenchCase> cases) throws IOException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        // A holds one case at a time (deleted after its rounds), B a copy of at most that backlog (one target at a
        // time, removed after each stage).
        double source = cases.stream().mapToDouble(BenchCase::bytes).max().orElse(0);
        double target = cases.stream()
                .mapToDouble(c -> c.records() * (double) c.recordBytes())
                .max()
                .orElse(0);
        double needed = (source + target) * OVERHEAD;
        double free = Files.getFileStore(dir).getUsableSpace();
        String line = String.format(
                Locale.ROOT, "disk: about %.1f GB needed, %.1f GB free in %s", needed / 1e9, free / 1e9, dir);
        if (free < needed) {
            throw new IllegalStateException("Not enough disk for the backlogs, " + line
                    + "; lower bench.scale or bench.windowSeconds, or point java.io.tmpdir elsewhere");
        }
        return line;
    }
}
