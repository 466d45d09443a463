package dev.tandem.driver.drill;

import dev.tandem.driver.drill.DrillReport.GroupPartition;
import dev.tandem.driver.drill.DrillReport.GroupRow;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Executes a drill's plan: commits each group's translated offsets into the group on {@code to}. A group with
 * consumers connected on {@code to} is refused unless forced, because they would overwrite the commit with their own
 * positions; forced, its members are removed first and rejoin at the committed offsets.
 */
public final class GroupMover {

    private final ClusterSide to;
    private final boolean force;
    private final PrintStream progress;

    GroupMover(ClusterSide to, boolean force, PrintStream progress) {
        this.to = to;
        this.force = force;
        this.progress = progress;
    }

    /** The report with each group's outcome, the next steps, and exit code 1 when any group was not moved. */
    public DrillReport execute(DrillReport plan) {
        List<GroupRow> groups = new ArrayList<>();
        boolean allMoved = true;
        Set<String> topicsOnTarget = new LinkedHashSet<>();
        List<String> moved = new ArrayList<>();
        for (GroupRow group : plan.groups()) {
            Moved outcome = move(group);
            progress.printf("  %s: %s%n", group.group(), outcome.text());
            allMoved &= outcome.result().moved();
            if (outcome.result().moved()) {
                moved.add(group.group());
                group.partitions().stream()
                        .filter(p -> p.target() != null)
                        .forEach(p -> topicsOnTarget.add(p.targetTopic()));
            }
            groups.add(
                    new GroupRow(group.group(), group.members(), group.partitions(), outcome.result(), outcome.text()));
        }
        List<String> next = new ArrayList<>();
        for (GroupRow group : groups) {
            if (group.result() == GroupResult.PARTLY_COMMITTED) {
                next.add("Group " + group.group() + ": the partitions NOT translated have no position on " + plan.to()
                        + "; set them (kafka-consumer-groups.sh --reset-offsets) before its consumers start there.");
            }
        }
        if (!moved.isEmpty()) {
            next.add("Stop the consumers of " + String.join(", ", moved) + " on " + plan.from() + " if any still run.");
            next.add("Start them on " + plan.to() + " (bootstrap.servers="
                    + to.clientConfig().get("bootstrap.servers") + "), subscribed to "
                    + String.join(", ", topicsOnTarget) + "; they continue at the committed offsets.");
            next.add("Point producers of " + plan.from() + "'s topics at " + plan.to() + ".");
        }
        if (plan.fromUnreachable() != null && plan.rpoRecords() > 0) {
            next.add(plan.rpoRecords() + " records of " + plan.from() + " are not on " + plan.to() + ". If "
                    + plan.from()
                    + " comes back with its data, replication copies them after the committed offsets, and the moved"
                    + " groups read them then.");
        }
        if (plan.groups().isEmpty()) {
            next.add("No consumer group matched: nothing was committed.");
        }
        int exit = allMoved && plan.exitCode() == 0 ? 0 : 1;
        return new DrillReport(
                plan.from(),
                plan.to(),
                plan.fromUnreachable(),
                plan.heartbeatAgeSeconds(),
                plan.partitions(),
                plan.rpoRecords(),
                plan.rpoSeconds(),
                plan.missingSinceTimestamp(),
                groups,
                plan.notKnown(),
                true,
                next,
                exit);
    }

    /** One group's result and the sentence that says it. */
    private record Moved(GroupResult result, String text) {}

    private Moved move(GroupRow group) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new TreeMap<>(DrillText.PARTITION_ORDER);
        List<String> untranslated = new ArrayList<>();
        for (GroupPartition p : group.partitions()) {
            if (p.target() == null) {
                untranslated.add(p.sourceTopic() + "-" + p.partition());
            } else {
                offsets.put(new TopicPartition(p.targetTopic(), p.partition()), new OffsetAndMetadata(p.target()));
            }
        }
        if (offsets.isEmpty()) {
            return new Moved(
                    GroupResult.FAILED,
                    "failed: nothing to commit (no partition could be translated"
                            + (untranslated.isEmpty() ? "" : ": " + untranslated) + ")");
        }
        long ms = to.timeout().toMillis();
        try {
            if (group.members() > 0) {
                if (!force) {
                    return new Moved(
                            GroupResult.REFUSED,
                            "refused: " + group.members() + " consumer(s) are connected to " + group.group() + " on "
                                    + to.alias() + "; stop them, or run again with --force to remove them first");
                }
                to.admin()
                        .removeMembersFromConsumerGroup(group.group(), new RemoveMembersFromConsumerGroupOptions())
                        .all()
                        .get(ms, TimeUnit.MILLISECONDS);
            }
            to.admin().alterConsumerGroupOffsets(group.group(), offsets).all().get(ms, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return new Moved(
                    GroupResult.FAILED, "failed: " + e.getCause() + "; nothing else was changed for this group");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Moved(GroupResult.FAILED, "failed: interrupted");
        } catch (TimeoutException e) {
            return new Moved(
                    GroupResult.FAILED,
                    "failed: " + to.alias() + " did not answer within "
                            + to.timeout().toSeconds() + " s");
        }
        String removed = group.members() > 0 ? " after removing " + group.members() + " member(s)" : "";
        if (!untranslated.isEmpty()) {
            // Its consumers would start those partitions wherever auto.offset.reset says: not a move to rely on.
            return new Moved(
                    GroupResult.PARTLY_COMMITTED,
                    "partly committed: " + offsets.size() + " offset(s)" + removed + "; NOT translated: "
                            + untranslated);
        }
        return new Moved(GroupResult.COMMITTED, "committed " + offsets.size() + " offset(s)" + removed);
    }
}
