package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.ReplicatorProcess;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * Watches B from the replicator's start until three things are true or their deadlines pass: every remote data topic
 * exists, every record is copied (the remote end offsets add up to the source's; B starts empty and the copy is
 * 1:1), and every group partition has an exact checkpoint. One loop watches all three, so each is timed from the
 * same start however they overlap. Deadlines end the wait with what was reached, never with a failure: this command
 * measures, it does not judge.
 */
final class CopyMilestones {

    static final Duration COPY_DEADLINE = Duration.ofMinutes(10);
    /** Counted from the end of the copy: a checkpoint can only be exact once its record is copied. */
    static final Duration GROUPS_DEADLINE = Duration.ofMinutes(5);

    /** Copy progress is sampled every 250 ms, so a copy of a few seconds still gets a rate. */
    private static final long SAMPLE_MS = 250;
    /** Topics and checkpoints once a second (every 4th sample): both change in steps, not continuously. */
    private static final int SAMPLES_PER_LISTING = 4;

    private final Admin target;
    private final EndOffsetSums ends;
    private final ScaleDataSet data;

    CopyMilestones(Admin target, ScaleDataSet data) {
        this.target = target;
        this.ends = new EndOffsetSums(target);
        this.data = data;
    }

    /**
     * {@code tally}: for a MirrorMaker, the checkpoints to wait for; empty for the pipe, which translates nothing.
     * {@code creation}: opened at the replicator's start, closed once B lists every remote topic.
     */
    Milestones watch(ReplicatorProcess replicator, Optional<CheckpointTally> tally, WindowCpu creation)
            throws Exception {
        List<String> wanted = data.remoteDataTopics();
        List<TopicPartition> allPartitions = data.remoteDataPartitions();
        long started = replicator.startedNanos();
        long copyDeadline = started + COPY_DEADLINE.toNanos();
        long groupsDeadline = Long.MAX_VALUE; // set when the copy ends, complete or not
        Set<String> present = Set.of();
        int presentCount = 0;
        boolean checkpointsTopic = false;
        OptionalDouble topicsAt = OptionalDouble.empty();
        Optional<String> creationCpu = Optional.empty();
        OptionalDouble copiedAt = OptionalDouble.empty();
        OptionalDouble groupsAt = OptionalDouble.empty();
        double rateFromSeconds = Double.NaN;
        long rateFromCopied = 0;
        long copied = 0;
        for (int sample = 0; ; sample++) {
            replicator.checkAlive();
            boolean listing = sample % SAMPLES_PER_LISTING == 0;
            boolean copying = copiedAt.isEmpty() && System.nanoTime() < copyDeadline;
            if (listing && ((copying && topicsAt.isEmpty()) || (tally.isPresent() && !checkpointsTopic))) {
                present = target.listTopics().names().get(30, TimeUnit.SECONDS);
                presentCount = (int) wanted.stream().filter(present::contains).count();
                checkpointsTopic = present.contains(CheckpointTally.TOPIC);
                if (topicsAt.isEmpty() && presentCount == wanted.size()) {
                    topicsAt = OptionalDouble.of(secondsSince(started));
                    creationCpu = Optional.of(creation.closeAsText());
                }
            }
            if (copying) {
                // Only partitions of topics that exist: asking for a missing one waits out the admin's timeout.
                Set<String> listed = present;
                copied = ends.sum(
                        topicsAt.isPresent()
                                ? allPartitions
                                : allPartitions.stream()
                                        .filter(tp -> listed.contains(tp.topic()))
                                        .toList());
                double now = secondsSince(started);
                if (topicsAt.isPresent() && copied > 0 && Double.isNaN(rateFromSeconds)) {
                    rateFromSeconds = now;
                    rateFromCopied = copied;
                }
                if (copied >= data.records()) {
                    copiedAt = OptionalDouble.of(now);
                    groupsDeadline = System.nanoTime() + GROUPS_DEADLINE.toNanos();
                }
            } else if (groupsDeadline == Long.MAX_VALUE) {
                groupsDeadline = System.nanoTime() + GROUPS_DEADLINE.toNanos(); // the copy gave up
            }
            if (listing && tally.isPresent() && groupsAt.isEmpty()) {
                CheckpointTally checkpoints = tally.get();
                checkpoints.update(checkpointsTopic);
                if (checkpoints.exact() == checkpoints.expectedCount()) {
                    groupsAt = OptionalDouble.of(secondsSince(started));
                }
            }
            boolean copyOver = copiedAt.isPresent() || System.nanoTime() >= copyDeadline;
            boolean groupsOver = tally.isEmpty() || groupsAt.isPresent() || System.nanoTime() >= groupsDeadline;
            if (copyOver && groupsOver) {
                break;
            }
            Thread.sleep(SAMPLE_MS);
        }
        OptionalDouble rate = copiedAt.isPresent() && copiedAt.getAsDouble() > rateFromSeconds
                ? OptionalDouble.of((data.records() - rateFromCopied) / (copiedAt.getAsDouble() - rateFromSeconds))
                : OptionalDouble.empty();
        CopyOutcome copy = new CopyOutcome(
                wanted.size(),
                presentCount,
                topicsAt,
                data.records(),
                copied,
                copiedAt,
                rate,
                COPY_DEADLINE.toSeconds());
        OptionalDouble allExact = groupsAt;
        return new Milestones(copy, tally.map(t -> groups(t, allExact)), creationCpu);
    }

    private static GroupsOutcome groups(CheckpointTally tally, OptionalDouble allExactSeconds) {
        return new GroupsOutcome(
                tally.exact(),
                tally.expectedCount(),
                tally.withCheckpoint(),
                allExactSeconds,
                GROUPS_DEADLINE.toSeconds(),
                tally.inexactExample(),
                tally.unreadable());
    }

    private static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
