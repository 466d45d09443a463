package dev.tandem.bench;

import dev.tandem.bench.data.BenchCase;
import dev.tandem.bench.measure.CopyWindow;
import dev.tandem.bench.replicator.ReplicatorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's knobs, from system properties the Maven command sets (defaults in mirror-bench/pom.xml). */
record BenchSettings(
        List<BenchCase> cases,
        double scale,
        CopyWindow window,
        int rounds,
        List<ReplicatorKind> replicators,
        int tasks,
        Duration newTopicTimeout,
        int latencyRate,
        Duration latencyWarmup,
        boolean profile,
        Path out,
        Path tandemHome,
        Map<String, String> tandemProperties) {

    static BenchSettings fromSystemProperties() {
        double scale = Double.parseDouble(property("bench.scale", "1"));
        if (!(scale > 0)) {
            throw new IllegalArgumentException("bench.scale must be above 0, not " + scale);
        }
        CopyWindow window = new CopyWindow(
                Duration.ofSeconds(atLeastZero("bench.skipSeconds", "15")),
                Duration.ofSeconds(atLeastZero("bench.jitSettleMaxSeconds", "10")),
                Duration.ofSeconds(positive("bench.windowSeconds", "20")));
        // Each backlog is sized to outlast the longest copy the window allows, so the two knobs move it together.
        List<BenchCase> cases = Arrays.stream(property("bench.cases", "512,100").split(","))
                .map(name -> BenchCase.named(name, scale, window.longestSeconds()))
                .toList();
        List<ReplicatorKind> replicators = Arrays.stream(
                        property("bench.replicators", "pipe,mm2-defaults,mm2-tuned,tandem")
                                .split(","))
                .map(ReplicatorKind::byId)
                .toList();
        return new BenchSettings(
                cases,
                scale,
                window,
                positive("bench.rounds", "2"),
                replicators,
                positive("bench.tasks", "2"),
                Duration.ofSeconds(positive("bench.newTopicTimeoutSeconds", "60")),
                positive("bench.latencyRate", "10000"),
                Duration.ofSeconds(positive("bench.latencyWarmupSeconds", "20")),
                Boolean.parseBoolean(property("bench.profile", "false")),
                Path.of(property("bench.out", "target/bench")).toAbsolutePath(),
                Path.of(property("tandem.home", "..")).toAbsolutePath().normalize(),
                keyValues("bench.tandemProperties", property("bench.tandemProperties", "")));
    }

    /** {@code key=value;key=value}: extra mm2.properties keys for the Tandem run, to try a setting without a rebuild. */
    private static Map<String, String> keyValues(String key, String value) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String entry : value.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(key + ": '" + entry.trim() + "' is not key=value; separate entries"
                        + " with ';', e.g. -D" + key + "=\"B.producer.linger.ms=10;offset.flush.interval.ms=5000\"");
            }
            parsed.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return parsed;
    }

    private static String property(String key, String fallback) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int positive(String key, String fallback) {
        return wholeNumber(key, fallback, 1, "a positive whole number");
    }

    private static int atLeastZero(String key, String fallback) {
        return wholeNumber(key, fallback, 0, "a whole number, 0 or more");
    }

    private static int wholeNumber(String key, String fallback, int least, String what) {
        String value = property(key, fallback);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= least) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be " + what + ", not '" + value + "'");
    }
}
