package dev.tandem.checkpoint;

import dev.tandem.client.offsets.OffsetSyncReader;
import dev.tandem.client.offsets.OffsetSyncStore;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One offset-sync reader per topic and cluster in a worker, shared by every checkpoint task that follows it: with
 * {@code tasks.max} tasks on one worker, the syncs are read and held once, not once per task, and a task that
 * starts while another runs finds them already read. Reference-counted; the last task to let go closes the reader.
 */
final class SharedSyncReaders {

    /** A task's hold on a shared reader. */
    static final class Lease implements AutoCloseable {
        private final String key;
        private final OffsetSyncReader reader;
        private boolean released;

        private Lease(String key, OffsetSyncReader reader) {
            this.key = key;
            this.reader = reader;
        }

        OffsetSyncReader reader() {
            return reader;
        }

        @Override
        public void close() {
            synchronized (SharedSyncReaders.class) {
                if (!released) {
                    released = true;
                    release(key);
                }
            }
        }
    }

    private static final class Shared {
        final OffsetSyncReader reader;
        int holders;

        Shared(OffsetSyncReader reader) {
            this.reader = reader;
        }
    }

    private static final Map<String, Shared> READERS = new HashMap<>();

    private SharedSyncReaders() {}

    /**
     * The reader of {@code topic} on the cluster {@code consumerConfig} names, started by the first caller. Callers
     * with the same topic and client settings share it; the key never leaves this class (it holds the settings,
     * secrets included).
     */
    static synchronized Lease acquire(Map<String, Object> consumerConfig, String topic, String name) {
        String key = topic + "\u0000" + new TreeMap<>(consumerConfig);
        Shared shared = READERS.get(key);
        if (shared == null) {
            shared = new Shared(new OffsetSyncReader(consumerConfig, topic, new OffsetSyncStore(), name).start());
            READERS.put(key, shared);
        }
        shared.holders++;
        return new Lease(key, shared.reader);
    }

    private static void release(String key) {
        Shared shared = READERS.get(key);
        if (shared != null && --shared.holders == 0) {
            READERS.remove(key);
            shared.reader.close();
        }
    }

    /** How many readers run in this JVM: for tests. */
    static synchronized int running() {
        return READERS.size();
    }
}
