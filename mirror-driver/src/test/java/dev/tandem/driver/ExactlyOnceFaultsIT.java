package dev.tandem.driver;

/**
 * The same faults with {@code exactly.once.source.support = enabled} in mm2.properties (KIP-618): each poll's
 * copies and their source offsets commit in one transaction on B, so a consumer reading {@code read_committed} sees
 * every record once, whatever the fault; offset syncs and checkpoints stay exact across the transaction markers.
 * (A remote topic deleted by an operator is still copied again from the source's oldest record, and the few
 * records that reached the new topic before the task noticed are in it twice; that test asserts no loss only.)
 */
class ExactlyOnceFaultsIT extends ReplicationFaultsIT {

    ExactlyOnceFaultsIT() throws Exception {
    }

    @Override
    String extraSettings() {
        return "exactly.once.source.support = enabled";
    }

    @Override
    boolean exactlyOnce() {
        return true;
    }
}
