package dev.tandem.source.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Splits a request that creates topics or partitions into requests a KRaft controller accepts: it refuses one that
 * makes more than 10,000 partitions ("Excessively large number of partitions per request"), for every topic in it.
 * At 2,500 new topics x 4 partitions (plus one more topic) a single request was refused at every refresh, and no remote
 * topic was ever made.
 */
final class PartitionBatches {

    /** Partitions per request: half the controller's limit. */
    static final int MAX_PARTITIONS = 5_000;

    private PartitionBatches() {}

    /**
     * {@code items} in order, in batches of at most {@code max} partitions each; an item larger than {@code max} on
     * its own (the controller refuses it whatever Tandem does, and says why).
     */
    static <K, V> List<Map<K, V>> of(Map<K, V> items, ToIntFunction<V> partitions, int max) {
        List<Map<K, V>> batches = new ArrayList<>();
        Map<K, V> batch = new LinkedHashMap<>();
        int size = 0;
        for (Map.Entry<K, V> item : items.entrySet()) {
            int n = partitions.applyAsInt(item.getValue());
            if (!batch.isEmpty() && size + n > max) {
                batches.add(batch);
                batch = new LinkedHashMap<>();
                size = 0;
            }
            batch.put(item.getKey(), item.getValue());
            size += n;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
