package dev.tandem.driver.drill;

import dev.tandem.checkpoint.MirrorCheckpointConfig;
import dev.tandem.common.filter.TopicSelector;
import java.io.PrintStream;
import java.util.Set;

/** What the planners of one drill share: the request, the flow's settings, both clusters, and what is not known. */
record DrillScope(
        DrillRequest request,
        MirrorCheckpointConfig flow,
        TopicSelector selector,
        ClusterSide from,
        ClusterSide to,
        PrintStream progress,
        Set<String> notKnown) {}
