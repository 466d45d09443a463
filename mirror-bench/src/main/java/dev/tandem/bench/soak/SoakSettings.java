package dev.tandem.bench.soak;

import static dev.tandem.bench.SystemSettings.positive;

import java.nio.file.Path;

/** What the soak runs: {@code -Dsoak.minutes}, {@code -Dsoak.rate} (records/s), {@code -Dsoak.valueBytes}, {@code -Dsoak.partitions}, {@code -Dsoak.out}. */
record SoakSettings(int minutes, int rate, int valueBytes, int partitions, int tasks, Path out) {

    static SoakSettings fromSystemProperties() {
        return new SoakSettings(
                positive("soak.minutes", 10),
                positive("soak.rate", 5_000),
                positive("soak.valueBytes", 512),
                positive("soak.partitions", 8),
                positive("soak.tasks", 2),
                Path.of(System.getProperty("soak.out", "target/soak")));
    }
}
