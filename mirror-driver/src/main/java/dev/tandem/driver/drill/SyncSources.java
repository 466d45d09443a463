package dev.tandem.driver.drill;

import dev.tandem.checkpoint.translate.CheckpointTranslator;
import dev.tandem.client.offsets.OffsetSyncStore;

/** A snapshot store read to its end is ready at once; a missing one (its cluster is unreachable) never is. */
final class SyncSources {

    private SyncSources() {}

    static CheckpointTranslator.SyncSource of(OffsetSyncStore store) {
        return CheckpointTranslator.SyncSource.of(store == null ? new OffsetSyncStore() : store, () -> store != null);
    }
}
