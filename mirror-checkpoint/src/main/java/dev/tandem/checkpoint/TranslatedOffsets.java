package dev.tandem.checkpoint;

import dev.tandem.checkpoint.translate.CheckpointTranslator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What each group's last translation read: its committed offsets and the translator's {@link
 * CheckpointTranslator.Inputs}. A round translates only the groups for which either changed; the others would
 * translate to the checkpoints already written. At 1,000 idle groups x 10 partitions the task otherwise translated
 * 10,000 offsets every round to find nothing new, and asked the source for every topic's id to do so.
 */
final class TranslatedOffsets {

    private final Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new HashMap<>();
    private CheckpointTranslator.Inputs inputs;

    /**
     * Starts a round with {@code now}'s inputs: when they differ from the last round's, every group's translation is
     * stale.
     */
    void startRound(CheckpointTranslator.Inputs now) {
        if (!Objects.equals(inputs, now)) {
            committed.clear();
            inputs = now;
        }
    }

    /**
     * Whether {@code group}'s committed offsets need translating in this round: they differ from those last {@link
     * #translated}, or the round's inputs from theirs.
     */
    boolean stale(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        return !offsets.equals(committed.get(group));
    }

    /** Records that {@code group}'s offsets were translated with the round's inputs. */
    void translated(String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
        committed.put(group, offsets); // the admin client's answer: a map of its own, never changed after
    }

    /** Forgets a group no longer translated here. */
    void forget(String group) {
        committed.remove(group);
    }
}
