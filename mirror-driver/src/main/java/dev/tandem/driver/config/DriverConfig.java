package dev.tandem.driver.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated driver configuration: the file, the target clusters this process runs workers for, and the keys it
 * holds that nothing reads (printed as warnings at start).
 */
public record DriverConfig(MirrorMakerConfig mm2, Set<String> targets, List<ConfigProblem> ignoredKeys) {

    /**
     * Reads and validates {@code file}; {@code onlyTargets} restricts this process to some targets (empty: all).
     *
     * @throws InvalidConfigException listing every problem, before anything has started
     */
    public static DriverConfig load(Path file, Set<String> onlyTargets) {
        return of(file.toString(), ConfigFileReader.read(file), onlyTargets);
    }

    /** Validates settings given as a map ({@code source} names them in messages). */
    public static DriverConfig of(String source, Map<String, String> settings, Set<String> onlyTargets) {
        MirrorMakerConfig mm2 = new MirrorMakerConfig(source, settings);
        List<ConfigProblem> problems = new ArrayList<>(ConfigValidator.validate(mm2, onlyTargets));
        UnknownKeys.Found unknown = UnknownKeys.in(mm2);
        problems.addAll(unknown.nearMisses());
        Collections.sort(problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(source, problems);
        }
        Set<String> targets = new LinkedHashSet<>(mm2.targets());
        if (!onlyTargets.isEmpty()) {
            targets.retainAll(onlyTargets);
        }
        return new DriverConfig(mm2, targets, List.copyOf(unknown.unknown()));
    }
}
