package dev.tandem.bench.scale;

import java.util.Optional;

/**
 * What {@link CopyMilestones} saw: the copy, for a MirrorMaker the checkpoints, and who used the cores until B listed
 * every remote topic (empty if it never did).
 */
record Milestones(CopyOutcome copy, Optional<GroupsOutcome> groups, Optional<String> creationCpu) {}
