package dev.tandem.driver.handback;

import dev.tandem.driver.config.Flow;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What handing one flow back to MirrorMaker 2 writes: for each source partition Tandem copied, the next offset to
 * copy, where it is ahead of what MM2 last committed in {@code mm2Topic} (an MM2 offset is never moved back).
 *
 * @param tandemNext the next offset to copy by partition, from Tandem's committed offsets and positions
 * @param mm2Next the next offset to copy by partition, from MM2's committed offsets (before the hand-back)
 */
public record FlowHandBack(
        Flow flow, String mm2Topic, Map<TopicPartition, Long> tandemNext, Map<TopicPartition, Long> mm2Next) {

    /** The offsets to write into MM2's offsets topic, next offset to copy by partition, ordered by partition. */
    public Map<TopicPartition, Long> toWrite() {
        Map<TopicPartition, Long> write = new TreeMap<>((a, b) -> a.topic().equals(b.topic())
                ? Integer.compare(a.partition(), b.partition())
                : a.topic().compareTo(b.topic()));
        tandemNext.forEach((tp, next) -> {
            Long theirs = mm2Next.get(tp);
            if (theirs == null || next > theirs) {
                write.put(tp, next);
            }
        });
        return write;
    }

    /** Records MM2 would copy again without the hand-back: how far Tandem got past MM2's own offsets. */
    public long recordsSpared() {
        long spared = 0;
        for (Map.Entry<TopicPartition, Long> e : toWrite().entrySet()) {
            spared += e.getValue() - mm2Next.getOrDefault(e.getKey(), 0L);
        }
        return spared;
    }
}
