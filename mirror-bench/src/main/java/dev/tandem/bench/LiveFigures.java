package dev.tandem.bench;

import dev.tandem.bench.measure.Failover;
import dev.tandem.bench.measure.Latency;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the stage after the bulk copy measured: latency at a fixed rate, and (MirrorMakers only; empty for the pipe
 * or when not seen in time) seconds until a new topic was replicated and the failover of a group.
 */
record LiveFigures(Latency latency, OptionalDouble newTopicSeconds, Optional<Failover> failover) {}
