package dev.tandem.source.gaps;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks up source partitions' first or next offsets with an admin client of the source, as the task's consumer would
 * with its own isolation level ({@code read_committed}: the next offset is the last stable one), for
 * {@link StartingPositions}. A client per lookup: a task takes up new partitions rarely, and an idle client would
 * hold a connection to every source broker for nothing.
 */
public final class SourceOffsetLookup implements StartingPositions.Lookup {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Admin> admins;
    private final IsolationLevel isolation;
    private final Duration timeout;

    public SourceOffsetLookup(Supplier<Admin> admins, IsolationLevel isolation, Duration timeout) {
        this.admins = admins;
        this.isolation = isolation;
        this.timeout = timeout;
    }

    @Override
    public Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Admin admin = admins.get();
        try {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answered = admin.listOffsets(
                            request, new ListOffsetsOptions(isolation).timeoutMs((int) timeout.toMillis()))
                    .all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> offsets = new HashMap<>();
            answered.forEach((tp, info) -> offsets.put(tp, info.offset()));
            return offsets;
        } finally {
            admin.close(CLOSE_TIMEOUT);
        }
    }
}
