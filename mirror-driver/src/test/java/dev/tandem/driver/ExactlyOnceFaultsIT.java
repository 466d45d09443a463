package dev.tandem.driver;

/**
 * The same faults with {@code exactly.once.source.support = enabled} in mm2.properties (KIP-618): the copies and
 * their source offsets commit in transactions on B (one per offset flush: the driver sets
 * {@code transaction.boundary=interval}), so a consumer reading {@code read_committed} sees
 * every record once, whatever the fault, a remote topic deleted by an operator included (it is copied again up to
 * the first record the new topic holds); offset syncs and checkpoints stay exact across the transaction markers.
 */
class ExactlyOnceFaultsIT extends ReplicationFaultsIT {

    ExactlyOnceFaultsIT() throws Exception {}

    @Override
    String extraSettings() {
        return "exactly.once.source.support = enabled";
    }

    @Override
    boolean exactlyOnce() {
        return true;
    }
}
