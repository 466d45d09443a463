package dev.tandem.source.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.source.MirrorSourceTaskConfig;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplacedRemotePartitionsTest {

    private static final Map<String, String> CONNECTOR = Map.of(
            "source.cluster.alias",
            "A",
            "target.cluster.alias",
            "B",
            "source.cluster.bootstrap.servers",
            "127.0.0.1:1",
            "target.cluster.bootstrap.servers",
            "127.0.0.1:2");

    @Test
    void shouldCopyAgainWhenTheNewRemotePartitionHoldsFewerRecordsThanWereCopied() {
        assertTrue(ReplacedRemotePartitions.lostRecords(4_000, 0, 175), "4,000 copied, 175 in the new topic");
        assertTrue(
                ReplacedRemotePartitions.lostRecords(4_000, 1_000, 0),
                "3,000 copied since the source's oldest record, none left");
    }

    @Test
    void shouldNotCopyAgainOnceTheCopyIsWholeOrWhileItCatchesUp() {
        assertFalse(ReplacedRemotePartitions.lostRecords(4_000, 0, 4_000), "every record there");
        assertFalse(
                ReplacedRemotePartitions.lostRecords(2_500, 0, 2_675),
                "restarted during the second copy: 175 new records and the 2,500 copied again so far");
        assertFalse(
                ReplacedRemotePartitions.lostRecords(4_000, 3_000, 1_200), "source retention removed older records");
    }

    @Test
    void shouldCarryTheReplacedTopicsInTheTaskConfig() {
        Map<String, String> props = MirrorSourceTaskConfig.forTask(CONNECTOR, 0, 1, Set.of("A.orders", "A.pay"));
        assertEquals("A.orders,A.pay", props.get(MirrorSourceTaskConfig.TASK_REPLACED_REMOTES));
        assertEquals(Set.of("A.orders", "A.pay"), new MirrorSourceTaskConfig(props).replacedRemotes());
        assertEquals(
                Set.of(),
                new MirrorSourceTaskConfig(MirrorSourceTaskConfig.forTask(CONNECTOR, 0, 1, Set.of()))
                        .replacedRemotes());
    }
}
