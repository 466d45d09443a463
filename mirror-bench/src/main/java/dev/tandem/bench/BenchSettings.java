package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.replicator.ReplicatorKind;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The benchmark's knobs, from system properties the Maven command sets (defaults in mirror-bench/pom.xml). */
record BenchSettings(List<BenchCase> cases, int rounds, List<ReplicatorKind> replicators, int tasks,
                     Duration newTopicTimeout, int latencyRate, boolean profile, Path out, Path tandemHome) {

    static BenchSettings fromSystemProperties() {
        double scale = Double.parseDouble(property("bench.scale", "1"));
        List<BenchCase> cases = Arrays.stream(property("bench.cases", "512,100").split(","))
                .map(name -> BenchCase.named(name, scale)).toList();
        List<ReplicatorKind> replicators = Arrays.stream(
                property("bench.replicators", "pipe,mm2-defaults,mm2-tuned,tandem").split(","))
                .map(ReplicatorKind::byId).toList();
        return new BenchSettings(cases,
                positive("bench.rounds", "2"),
                replicators,
                positive("bench.tasks", "2"),
                Duration.ofSeconds(positive("bench.newTopicTimeoutSeconds", "60")),
                positive("bench.latencyRate", "10000"),
                Boolean.parseBoolean(property("bench.profile", "false")),
                Path.of(property("bench.out", "target/bench")).toAbsolutePath(),
                Path.of(property("tandem.home", "..")).toAbsolutePath().normalize());
    }

    private static String property(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int positive(String key, String fallback) {
        String value = property(key, fallback);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive whole number, not '" + value + "'");
    }
}
