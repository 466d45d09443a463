package dev.tandem.source.topics;

import dev.tandem.client.policy.ReplicationPolicy;
import dev.tandem.source.MirrorSourceConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At task start, the partitions whose remote topic was deleted on the target and must be copied again. A running
 * task sees a replaced topic from the offsets its records land at; a task that failed meanwhile (an exactly-once
 * transaction aborts when its topic vanishes) starts fresh and cannot. So the connector names the topics it saw
 * replaced, and for each of their partitions this compares the new remote partition with the committed position:
 * a remote end offset below the number of source records before that position means records copied into the old
 * topic are gone, and the partition is copied again from the source's oldest record. Once the copy is whole again
 * the comparison no longer fires, so restarts during or after the copy do not start it over.
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
        Map<TopicPartition, Long> remoteEnd = remoteEndOffsets(config, remoteOf.values());
        Map<TopicPartition, Recopy> again = new HashMap<>();
        remoteOf.forEach((tp, remote) -> {
            long copiedBefore = resumeAt.get(tp) - sourceStart.get(tp);
            long held = remoteEnd.get(remote);
            if (lostRecords(resumeAt.get(tp), sourceStart.get(tp), held)) {
                long start = sourceStart.get(tp);
                long until = NewRemotePartition.firstCopiedOffset(config, tp, remote, resumeAt.get(tp), start);
                Recopy recopy = until > start
                        ? new Recopy(start, until, resumeAt.get(tp))
                        : new Recopy(start, -1, resumeAt.get(tp));
                log.error(
                        "Remote topic {} partition {} holds {} records where {} had been copied into it: it was deleted on"
                                + " the target and created again. Copying source partition {} again from its oldest record (offset {}){}.",
                        remote.topic(),
                        remote.partition(),
                        held,
                        copiedBefore,
                        tp,
                        start,
                        recopy.bounded()
                                ? " up to offset " + until + ", which the new topic holds from on, then on from "
                                        + recopy.resumeAt()
                                : "; what the new topic holds could not be matched to the source, so it will hold those records twice");
                again.put(tp, recopy);
            }
        });
        return again;
    }

    /** True when the remote partition ends below the number of source records before the position the copy reached. */
    static boolean lostRecords(long resumeAt, long sourceStart, long remoteEnd) {
        return remoteEnd < resumeAt - sourceStart;
    }

    private static Map<TopicPartition, Long> remoteEndOffsets(
            MirrorSourceConfig config, Iterable<TopicPartition> remotes) {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        remotes.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        Admin admin = config.targetAdmin();
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> offsets =
                    admin.listOffsets(latest).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> ends = new HashMap<>();
            offsets.forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Starting without the check could leave the gap for good; failing lets the task be started again.
            throw new RetriableException(
                    "Cannot read the end offsets of the replaced remote topics " + latest.keySet()
                            + " on the target to check them for lost records: " + e
                            + ". The task checks again when it starts next.",
                    e);
        } finally {
            Utils.closeQuietly(() -> admin.close(TIMEOUT), "replaced remote topics admin");
        }
    }
}
