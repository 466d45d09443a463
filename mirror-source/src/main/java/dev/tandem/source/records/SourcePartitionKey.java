package dev.tandem.source.records;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * Connect's source-partition key of one source partition, {@code {cluster, topic, partition}}, with its hash code
 * computed once. Connect looks each record's source partition up in a hash map on the send path; a plain map sums
 * its entries' hashes on every lookup, once per copied record.
 *
 * <p>It iterates and serializes exactly as the map it wraps, so the stored offsets keep their bytes (and still
 * match what MirrorMaker 2 wrote).
 */
final class SourcePartitionKey extends AbstractMap<String, Object> {

    private final Map<String, Object> entries;
    private final int hash;

    SourcePartitionKey(Map<String, Object> entries) {
        this.entries = entries;
        this.hash = entries.hashCode();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof SourcePartitionKey other && other.hash != hash) {
            return false;
        }
        return entries.equals(o);
    }
}
