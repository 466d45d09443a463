package dev.tandem.source.records;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Partitions being copied again up to a bound: records from {@code until} on are already in the remote topic, so the
 * copy skips from {@code until} to {@code resumeAt}, where it was before. Used only from the task's poll thread.
 */
public final class RecopyWindows {

    private record Window(long until, long resumeAt) {}

    private final Map<TopicPartition, Window> windows = new HashMap<>();
    private final Set<TopicPartition> reached = new HashSet<>();

    /** Copy {@code tp} again up to {@code until} (exclusive), then go on from {@code resumeAt}. */
    public void add(TopicPartition tp, long until, long resumeAt) {
        windows.put(tp, new Window(until, resumeAt));
    }

    /** False for a record at or past its partition's bound: it is in the remote topic already. */
    public boolean keep(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        Window window = windows.get(tp);
        if (window == null || record.offset() < window.until()) {
            return true;
        }
        reached.add(tp);
        return false;
    }

    /** Moves the partitions that reached their bound to where the copy was; seeking drops what was fetched past it. */
    public void skipReached(Consumer<byte[], byte[]> consumer) {
        for (TopicPartition tp : reached) {
            consumer.seek(tp, windows.remove(tp).resumeAt());
        }
        reached.clear();
    }

    /** Whether {@code tp} is being copied again up to a bound. */
    public boolean covers(TopicPartition tp) {
        return windows.containsKey(tp);
    }

    /** Forgets a partition the task no longer copies. */
    public void remove(TopicPartition tp) {
        windows.remove(tp);
        reached.remove(tp);
    }

    public boolean isEmpty() {
        return windows.isEmpty();
    }
}
