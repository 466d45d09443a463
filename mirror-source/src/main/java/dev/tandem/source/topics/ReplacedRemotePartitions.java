package dev.tandem.source.topics;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.source.MirrorSourceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At task start, the partitions whose remote topic was deleted on the target and must be copied again. A running
 * task sees a replaced topic from the offsets its records land at; a task that failed meanwhile (an exactly-once
 * transaction aborts when its topic vanishes) starts fresh and cannot. So the connector names the topics it saw
 * replaced, and for each of their partitions this compares the new remote partition with the committed position:
 * fewer committed records in it than the source holds before that position means records copied into the old topic
 * are gone, and the partition is copied again from the source's oldest record. Records are counted, not offsets: on
 * an exactly-once target transaction markers take offsets too. Once the copy is whole again the comparison no longer
 * fires, so restarts during or after the copy do not start it over.
 *
 * <p>On a source with gaps in its offsets (compaction, transaction markers) the count before the position is an
 * upper bound, so such a partition of a replaced topic may be copied once more than needed: duplicates, never a gap.
 */
public final class ReplacedRemotePartitions {

    private static final Logger log = LoggerFactory.getLogger(ReplacedRemotePartitions.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ReplacedRemotePartitions() {}

    /**
     * How to copy one partition again: from {@code from}, and on reaching {@code until} go on at {@code resumeAt};
     * {@code until} is -1 when the whole partition is copied again (what the new remote topic holds could not be
     * matched record for record, so its records are copied once more rather than risk a gap).
     */
    public record Recopy(long from, long until, long resumeAt) {

        public boolean bounded() {
            return until >= 0;
        }
    }

    /**
     * The partitions among {@code resumeAt} (next source offset to copy, by source partition) whose remote topic is
     * in {@code replacedRemotes} and lost records, each with how to copy it again.
     */
    public static Map<TopicPartition, Recopy> toCopyAgain(
            MirrorSourceConfig config,
            ReplicationPolicy policy,
            Set<String> replacedRemotes,
            Map<TopicPartition, Long> resumeAt,
            Consumer<byte[], byte[]> source) {
        Map<TopicPartition, TopicPartition> remoteOf = new HashMap<>();
        resumeAt.keySet().forEach(tp -> {
            String remote = policy.formatRemoteTopic(config.sourceClusterAlias(), tp.topic());
            if (replacedRemotes.contains(remote)) {
                remoteOf.put(tp, new TopicPartition(remote, tp.partition()));
            }
        });
        if (remoteOf.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, Long> sourceStart = source.beginningOffsets(remoteOf.keySet(), TIMEOUT);
        Map<TopicPartition, Recopy> again = new HashMap<>();
        remoteOf.forEach((tp, remote) -> {
            long resume = resumeAt.get(tp);
            long start = sourceStart.get(tp);
            if (resume <= start) {
                return; // nothing the source still holds was copied yet
            }
            NewRemotePartition.Held held = held(config, remote, resume - start);
            if (lostRecords(resume, start, held.count())) {
                long until = held.count() == 0
                        ? -1
                        : NewRemotePartition.firstCopiedOffset(config, tp, held.records(), resume, start);
                Recopy recopy = until > start ? new Recopy(start, until, resume) : new Recopy(start, -1, resume);
                String how = recopy.bounded()
                        ? " up to offset " + until + ", which the new topic holds from on, then on from " + resume
                        : held.count() == 0
                                ? ""
                                : "; what the new topic holds could not be matched to the source, so it will hold"
                                        + " those records twice";
                log.error(
                        "Remote topic {} partition {} holds {} records where {} had been copied into it: it was deleted on"
                                + " the target and created again. Copying source partition {} again from its oldest"
                                + " record (offset {}){}.",
                        remote.topic(),
                        remote.partition(),
                        held.described(),
                        resume - start,
                        tp,
                        start,
                        how);
                again.put(tp, recopy);
            }
        });
        return again;
    }

    /**
     * True when the remote partition holds fewer records than the source holds before the position the copy reached:
     * records copied into the old topic are gone.
     */
    static boolean lostRecords(long resumeAt, long sourceStart, long remoteRecords) {
        return remoteRecords < Math.min(resumeAt - sourceStart, NewRemotePartition.MAX_COUNTED);
    }

    private static NewRemotePartition.Held held(MirrorSourceConfig config, TopicPartition remote, long enough) {
        try {
            return NewRemotePartition.held(config, remote, enough);
        } catch (KafkaException e) {
            // Starting without the check could leave the gap for good; failing lets the task be started again.
            throw new RetriableException(
                    "Cannot read remote partition " + remote + " on the target to check it for lost records: " + e
                            + ". The task checks again when it starts next.",
                    e);
        }
    }
}
