package dev.tandem.driver.config;

import dev.tandem.common.config.EditDistance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the keys of an mm2.properties file that nothing reads. MirrorMaker 2 ignores them silently, so a misspelt
 * {@code A->B.topic = orders} leaves the flow copying every topic its {@code topics} default matches. Here a key
 * one or two edits from a known key is an error naming the key it probably meant; any other unknown key is a
 * warning, printed at start: the key is passed on unchanged, since a plug-in (an MM2 filter, say) may read it.
 */
final class UnknownKeys {

    /** What was found: near-misses (errors) and other unknown keys (warnings). */
    record Found(List<ConfigProblem> nearMisses, List<ConfigProblem> unknown) {}

    private UnknownKeys() {}

    static Found in(MirrorMakerConfig config) {
        List<ConfigProblem> nearMisses = new ArrayList<>();
        List<ConfigProblem> unknown = new ArrayList<>();
        for (String key : config.raw().keySet()) {
            String prefix = prefixOf(config, key);
            String setting = key.substring(prefix.length());
            if (KnownKeys.isKnown(setting)) {
                continue;
            }
            if (prefix.isEmpty() && strayCluster(config, key).isPresent()) {
                unknown.add(new ConfigProblem(
                        key,
                        "ignored: '" + strayCluster(config, key).get() + "' is not one of the clusters "
                                + config.clusters() + "; add it to clusters or remove the key"));
                continue;
            }
            KnownKeys.Nearest nearest = KnownKeys.nearest(setting);
            if (isNearMiss(setting, nearest)) {
                nearMisses.add(
                        new ConfigProblem(key, "not a known setting; did you mean " + prefix + nearest.key() + "?"));
            } else {
                unknown.add(new ConfigProblem(
                        key,
                        "not a setting Tandem or MirrorMaker 2 reads; passed on unchanged, for a plug-in of yours that may"
                                + (nearest.key() != null && nearest.distance() <= 4
                                        ? " (the nearest known key is " + prefix + nearest.key() + ")"
                                        : "")));
            }
        }
        return new Found(nearMisses, unknown);
    }

    /** See {@link EditDistance#isNearMiss}. */
    static boolean isNearMiss(String setting, KnownKeys.Nearest nearest) {
        if (nearest.key() == null || nearest.distance() == 0) {
            return false;
        }
        return EditDistance.isNearMiss(setting, nearest.distance());
    }

    /** {@code A->B.} of a flow key, {@code A.} of a cluster's key, else empty. */
    private static String prefixOf(MirrorMakerConfig config, String key) {
        if (MirrorMakerConfig.isFlowKey(key)) {
            return key.substring(0, key.indexOf('.', key.indexOf(Flow.ARROW)) + 1);
        }
        return config.aliasOf(key).map(alias -> alias + ".").orElse("");
    }

    /** The first word of {@code key} when it looks like a cluster's key of a cluster not in {@code clusters}. */
    private static Optional<String> strayCluster(MirrorMakerConfig config, String key) {
        int dot = key.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String rest = key.substring(dot + 1);
        return KnownKeys.isKnown(rest) && !KnownKeys.isKnown(key)
                ? Optional.of(key.substring(0, dot))
                : Optional.empty();
    }
}
