package dev.tandem.bench.scale;

import java.util.Optional;

/** What {@link CopyMilestones} saw: the copy, and for a MirrorMaker the checkpoints. */
record Milestones(CopyOutcome copy, Optional<GroupsOutcome> groups) {}
