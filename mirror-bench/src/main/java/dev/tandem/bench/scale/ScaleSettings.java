package dev.tandem.bench.scale;

import static dev.tandem.bench.SystemSettings.positive;

import dev.tandem.bench.replicator.ReplicatorKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the scale command runs, from system properties (defaults in mirror-bench/pom.xml): {@code -Dscale.topics},
 * {@code -Dscale.partitions}, {@code -Dscale.groups}, {@code -Dscale.recordsPerPartition}, {@code -Dscale.tasks},
 * {@code -Dscale.replicators}, {@code -Dscale.idleSeconds}, {@code -Dscale.newTopics}, {@code -Dscale.out},
 * {@code -Dscale.profile} (a flight recording of each replicator JVM, {@code settings=profile}, in its run folder).
 *
 * @param replicators the replicators in the order they run; the plain pipe is always among them (last unless listed)
 */
record ScaleSettings(
        int topics,
        int partitions,
        int groups,
        int recordsPerPartition,
        int tasks,
        List<ReplicatorKind> replicators,
        int idleSeconds,
        int newTopics,
        Path out,
        Path tandemHome,
        boolean profile) {

    static ScaleSettings fromSystemProperties() {
        ScaleSettings settings = new ScaleSettings(
                positive("scale.topics", 2_500),
                positive("scale.partitions", 4),
                positive("scale.groups", 1_000),
                positive("scale.recordsPerPartition", 10),
                // 1 is Connect's default of tasks.max, so both MirrorMakers run at their defaults.
                positive("scale.tasks", 1),
                replicators(property("scale.replicators", "tandem,mm2")),
                positive("scale.idleSeconds", 60),
                positive("scale.newTopics", 50),
                Path.of(property("scale.out", "target/scale")).toAbsolutePath(),
                Path.of(property("tandem.home", "..")).toAbsolutePath().normalize(),
                Boolean.parseBoolean(property("scale.profile", "false")));
        if ((long) settings.topics * settings.partitions < ScaleDataSet.PARTITIONS_PER_GROUP) {
            throw new IllegalArgumentException("scale.topics x scale.partitions must be at least "
                    + ScaleDataSet.PARTITIONS_PER_GROUP + ": each group commits on that many partitions");
        }
        return settings;
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%,d topics x %d partitions, %,d records of %d B per partition; %,d groups with offsets committed on"
                        + " %d partitions each; tasks.max=%d; idle window %d s; %,d new topics created under traffic",
                topics,
                partitions,
                recordsPerPartition,
                ScaleDataSet.VALUE_BYTES,
                groups,
                ScaleDataSet.PARTITIONS_PER_GROUP,
                tasks,
                idleSeconds,
                newTopics);
    }

    /**
     * {@code mm2} stands for MM2 at its defaults ({@code mm2-defaults}); the other ids are {@link ReplicatorKind}'s.
     * The pipe is the copy's ceiling on this machine, so it runs even when not listed.
     */
    static List<ReplicatorKind> replicators(String ids) {
        List<ReplicatorKind> kinds = new ArrayList<>();
        for (String id : ids.split(",")) {
            if (id.isBlank()) {
                continue;
            }
            ReplicatorKind kind = kindOf(id.trim());
            if (!kinds.contains(kind)) {
                kinds.add(kind);
            }
        }
        if (!kinds.contains(ReplicatorKind.PIPE)) {
            kinds.add(ReplicatorKind.PIPE);
        }
        return kinds;
    }

    private static ReplicatorKind kindOf(String id) {
        if (id.equals("mm2")) {
            return ReplicatorKind.MM2_DEFAULTS;
        }
        try {
            return ReplicatorKind.byId(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Unknown replicator '" + id + "' in scale.replicators; use one or more"
                    + " of mm2 (MM2 at its defaults), "
                    + Arrays.stream(ReplicatorKind.values())
                            .map(ReplicatorKind::id)
                            .collect(Collectors.joining(", ")));
        }
    }

    private static String property(String key, String fallback) {
        String value = System.getProperty(key, "").trim();
        // Unset, or Maven passed its own placeholder through.
        return value.isEmpty() || value.startsWith("${") ? fallback : value;
    }
}
