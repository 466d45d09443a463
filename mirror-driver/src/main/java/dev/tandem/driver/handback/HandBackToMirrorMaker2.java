package dev.tandem.driver.handback;

import dev.tandem.driver.config.ConnectorConfigFactory;
import dev.tandem.driver.config.ConnectorKind;
import dev.tandem.driver.config.Flow;
import dev.tandem.driver.config.MirrorMakerConfig;
import dev.tandem.driver.config.WorkerConfigFactory;
import dev.tandem.source.MirrorSourceConfig;
import dev.tandem.source.offsets.PositionResume;
import dev.tandem.source.offsets.TakeoverOffsets;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code connect-mirror-maker handback-to-mm2}: hands the copy of each flow back to a dedicated MirrorMaker 2 run
 * with the same file. For every partition Tandem copied, the next offset to copy (the newer of Tandem's committed
 * offset and its position) is written as MM2's source connector's offset into MM2's offsets topic, so MM2 resumes
 * where Tandem stopped instead of where MM2 itself stopped. Checkpoints and offset syncs are already in MM2's topics
 * and format. Refused while Tandem's or MM2's workers for the target still run.
 */
public final class HandBackToMirrorMaker2 {

    private static final int LISTED_PARTITIONS = 50;

    private HandBackToMirrorMaker2() {}

    /**
     * Plans (and with {@code execute}, writes) the hand-back of every enabled flow into a target of {@code targets}
     * (empty: all). Progress and the plan go to {@code out}.
     *
     * @throws IllegalStateException when Tandem's or MM2's workers of a target still run
     */
    public static List<FlowHandBack> run(
            MirrorMakerConfig mm2, Set<String> targets, boolean execute, Duration timeout, PrintStream out)
            throws Exception {
        ConnectorConfigFactory factory = new ConnectorConfigFactory(mm2);
        List<FlowHandBack> plans = new ArrayList<>();
        for (Flow flow : mm2.enabledFlows()) {
            if (!targets.isEmpty() && !targets.contains(flow.target())) {
                continue;
            }
            MirrorSourceConfig source = new MirrorSourceConfig(
                    factory.connector(flow, ConnectorKind.SOURCE).values());
            try (Admin admin = source.targetAdmin()) {
                refuseWhileRunning(admin, WorkerConfigFactory.groupId(flow.target()), "Tandem's driver", timeout, out);
                refuseWhileRunning(admin, flow.source() + "-mm2", "MirrorMaker 2", timeout, out);
                FlowHandBack plan = plan(flow, factory.mirrorMaker2OffsetsTopic(flow), source, timeout);
                print(plan, execute, out);
                if (execute && !plan.toWrite().isEmpty()) {
                    Mm2OffsetsWriter.write(
                            plan.mm2Topic(),
                            flow.source(),
                            plan.toWrite(),
                            admin,
                            source.targetProducerConfig(),
                            timeout);
                    out.printf("  written: %d offsets to %s%n", plan.toWrite().size(), plan.mm2Topic());
                }
                plans.add(plan);
            }
        }
        return plans;
    }

    private static FlowHandBack plan(Flow flow, String mm2Topic, MirrorSourceConfig source, Duration timeout) {
        String alias = flow.source();
        TakeoverOffsets committed = TakeoverOffsets.read(
                WorkerConfigFactory.offsetsTopic(flow.target()),
                flow.connectorName(ConnectorKind.SOURCE),
                alias,
                source.targetConsumerConfig(),
                timeout);
        Set<TopicPartition> partitions = new HashSet<>(committed.asMap().keySet());
        partitions.addAll(PositionResume.positioned(source.positionsTopic(), source.targetConsumerConfig(), timeout));
        var policy = source.replicationPolicy();
        var tandemNext = PositionResume.resumeAt(
                        committed.asMap(),
                        partitions,
                        source.positionsTopic(),
                        source.targetConsumerConfig(),
                        source::targetAdmin,
                        topic -> policy.formatRemoteTopic(alias, topic),
                        timeout)
                .offsets();
        TakeoverOffsets mm2Committed = TakeoverOffsets.read(
                mm2Topic, Mm2OffsetsWriter.MM2_SOURCE_CONNECTOR, alias, source.targetConsumerConfig(), timeout);
        return new FlowHandBack(flow, mm2Topic, tandemNext, mm2Committed.asMap());
    }

    private static void refuseWhileRunning(Admin admin, String groupId, String who, Duration timeout, PrintStream out) {
        Optional<Integer> members = GroupMembers.count(admin, groupId, timeout);
        if (members.isEmpty()) {
            out.printf(
                    "Warning: cannot tell whether %s still runs (its Connect group %s could not be described);"
                            + " make sure it is stopped, or its next offset commit overwrites the hand-back%n",
                    who, groupId);
        }
        if (members.isPresent() && members.get() > 0) {
            throw new IllegalStateException(who + " still runs: its Connect group " + groupId + " has "
                    + members.get() + " member(s). Stop it first (SIGTERM, so it commits its last offsets), then"
                    + " run this again.");
        }
    }

    private static void print(FlowHandBack plan, boolean execute, PrintStream out) {
        out.printf(
                "%s: %d partitions copied by Tandem; %d ahead of MirrorMaker 2's offsets in %s (%d records MM2 would"
                        + " otherwise copy again)%s%n",
                plan.flow(),
                plan.tandemNext().size(),
                plan.toWrite().size(),
                plan.mm2Topic(),
                plan.recordsSpared(),
                execute ? "" : "; plan only, nothing written (add --execute)");
        int shown = 0;
        for (var e : plan.toWrite().entrySet()) {
            if (shown++ == LISTED_PARTITIONS) {
                out.printf("  ... and %d more partitions%n", plan.toWrite().size() - LISTED_PARTITIONS);
                break;
            }
            TopicPartition tp = e.getKey();
            out.printf(
                    "  %s: MM2 resumes at %d (its own offsets: %s)%n",
                    tp,
                    e.getValue(),
                    plan.mm2Next().containsKey(tp) ? "at " + plan.mm2Next().get(tp) : "none");
        }
    }
}
