package dev.tandem.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedSyncReadersTest {

    /** Nothing listens there: the readers only need to exist, not to read. */
    private static final Map<String, Object> CLUSTER = Map.of("bootstrap.servers", "127.0.0.1:1");

    @Test
    void shouldShareOneReaderPerTopicAndClusterUntilTheLastTaskLetsGo() {
        int before = SharedSyncReaders.running();
        SharedSyncReaders.Lease first = SharedSyncReaders.acquire(CLUSTER, "mm2-offset-syncs.B.internal", "task-0");
        SharedSyncReaders.Lease second = SharedSyncReaders.acquire(CLUSTER, "mm2-offset-syncs.B.internal", "task-1");
        SharedSyncReaders.Lease other = SharedSyncReaders.acquire(CLUSTER, "mm2-offset-syncs.A.internal", "task-0");
        try {
            assertSame(first.reader(), second.reader(), "two tasks of one flow hold the syncs once");
            assertNotSame(first.reader(), other.reader(), "another topic has its own");
            assertEquals(before + 2, SharedSyncReaders.running());
            first.close();
            first.close(); // closing twice releases once
            assertEquals(before + 2, SharedSyncReaders.running(), "the second task still holds it");
            second.close();
            assertEquals(before + 1, SharedSyncReaders.running());
        } finally {
            first.close();
            second.close();
            other.close();
        }
        assertEquals(before, SharedSyncReaders.running());
    }
}
