package dev.tandem.driver.drill;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.common.config.ForwardingAdmins;
import dev.tandem.driver.config.ConnectorConfigFactory;
import dev.tandem.driver.config.ConnectorKind;
import dev.tandem.driver.config.Flow;
import dev.tandem.driver.config.MirrorMakerConfig;
import dev.tandem.source.MirrorSourceConfig;
import java.io.PrintStream;

/**
 * {@code connect-mirror-maker drill}: plans (and with {@code --execute} performs) moving the consumer groups of one
 * cluster to another, using the flow {@code from->to} of an mm2.properties file.
 */
public final class FailoverDrill {

    private FailoverDrill() {}

    /**
     * Runs the drill; progress lines go to {@code progress}.
     *
     * @throws IllegalArgumentException when the file has no enabled flow from->to
     */
    public static DrillReport run(MirrorMakerConfig mm2, DrillRequest request, PrintStream progress) throws Exception {
        Flow flow = new Flow(request.from(), request.to());
        if (!mm2.clusters().contains(request.from()) || !mm2.clusters().contains(request.to())) {
            throw new IllegalArgumentException("--from " + request.from() + " --to " + request.to() + ": the config's"
                    + " clusters are " + mm2.clusters());
        }
        if (!mm2.enabledFlows().contains(flow)) {
            throw new IllegalArgumentException(flow + " is not enabled in " + mm2.source() + " (" + flow.prefix()
                    + "enabled = true): nothing of " + request.from() + " is replicated to " + request.to()
                    + ", so there is nothing to fail over to");
        }
        ConnectorConfigFactory factory = new ConnectorConfigFactory(mm2);
        MirrorCheckpointConfig checkpoint = new MirrorCheckpointConfig(
                factory.connector(flow, ConnectorKind.CHECKPOINT).values());
        MirrorSourceConfig source = new MirrorSourceConfig(
                factory.connector(flow, ConnectorKind.SOURCE).values());
        progress.printf(
                "Connecting to %s and %s (up to %d s each) ...%n",
                request.from(), request.to(), request.timeout().toSeconds());
        try (ClusterSide to = ClusterSide.connect(
                        request.to(),
                        checkpoint.getString(ForwardingAdmins.CONFIG),
                        checkpoint.targetAdminConfig(),
                        checkpoint.targetConsumerConfig(),
                        request.timeout());
                ClusterSide from = ClusterSide.connect(
                        request.from(),
                        checkpoint.getString(ForwardingAdmins.CONFIG),
                        checkpoint.sourceAdminConfig(),
                        checkpoint.sourceConsumerConfig(),
                        request.timeout())) {
            if (!to.reachable()) {
                throw new IllegalStateException(request.to() + " is unreachable ("
                        + to.unreachableReason().orElse("") + "): a failover needs the cluster it moves to");
            }
            if (!from.reachable()) {
                progress.printf(
                        "%s is unreachable (%s): planning from what %s holds%n",
                        request.from(), from.unreachableReason().orElse(""), request.to());
            }
            DrillReport plan =
                    new FailoverPlanner(request, checkpoint, source.positionsTopic(), from, to, progress).plan();
            if (!request.execute()) {
                return plan;
            }
            progress.printf("Committing translated offsets into %s's groups ...%n", request.to());
            return new GroupMover(to, request.force(), progress).execute(plan);
        }
    }
}
