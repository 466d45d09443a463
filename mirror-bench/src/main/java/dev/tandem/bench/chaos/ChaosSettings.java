package dev.tandem.bench.chaos;

import dev.tandem.bench.SystemSettings;
import java.nio.file.Path;

/**
 * What the chaos run does: {@code -Dchaos.minutes} of traffic (30) at {@code -Dchaos.rate} records/s per topic (200)
 * on {@code -Dchaos.topics} topics (3) of {@code -Dchaos.partitions} partitions (3), a fault every {@code
 * -Dchaos.minGapSeconds} to {@code -Dchaos.maxGapSeconds} (30-90), each network fault lasting {@code
 * -Dchaos.faultSeconds} (60); {@code -Dchaos.exactlyOnce=true} for an exactly-once flow; {@code -Dchaos.seed} to
 * replay a run's choice of faults; results under {@code -Dchaos.out}.
 */
record ChaosSettings(
        int minutes,
        int rate,
        int topics,
        int partitions,
        int minGapSeconds,
        int maxGapSeconds,
        int faultSeconds,
        boolean exactlyOnce,
        long seed,
        Path out) {

    static ChaosSettings fromSystemProperties() {
        ChaosSettings settings = new ChaosSettings(
                SystemSettings.positive("chaos.minutes", 30),
                SystemSettings.positive("chaos.rate", 200),
                SystemSettings.positive("chaos.topics", 3),
                SystemSettings.positive("chaos.partitions", 3),
                SystemSettings.positive("chaos.minGapSeconds", 30),
                SystemSettings.positive("chaos.maxGapSeconds", 90),
                SystemSettings.positive("chaos.faultSeconds", 60),
                SystemSettings.flag("chaos.exactlyOnce", false),
                SystemSettings.number("chaos.seed", System.nanoTime()),
                Path.of(SystemSettings.text("chaos.out", "target/chaos")));
        if (settings.maxGapSeconds < settings.minGapSeconds) {
            throw new IllegalArgumentException("-Dchaos.maxGapSeconds (" + settings.maxGapSeconds
                    + ") must not be below -Dchaos.minGapSeconds (" + settings.minGapSeconds + ")");
        }
        return settings;
    }
}
