package dev.tandem.source.idle;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The ends of idle source partitions, asked with one admin client of the source kept for the task's life: one
 * ListOffsets request per source broker for all of them, answered on the admin client's thread. The admin client
 * keeps the partitions' leaders between requests, so a check costs no metadata request while leaders stay put.
 */
public final class SourceEnds implements IdlePartitions.Ends {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<Admin> admins;
    private final IsolationLevel isolation;
    private final Duration timeout;
    private Admin admin;

    public SourceEnds(Supplier<Admin> admins, IsolationLevel isolation, Duration timeout) {
        this.admins = admins;
        this.isolation = isolation;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Map<TopicPartition, Long>> latest(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return CompletableFuture.completedFuture(Map.of());
        }
        if (admin == null) {
            admin = admins.get(); // the first idle partitions: a task that never has any opens no connection
        }
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        ListOffsetsResult result =
                admin.listOffsets(request, new ListOffsetsOptions(isolation).timeoutMs((int) timeout.toMillis()));
        Map<TopicPartition, Long> answered = new ConcurrentHashMap<>();
        CompletableFuture<Map<TopicPartition, Long>> all = new CompletableFuture<>();
        AtomicInteger open = new AtomicInteger(request.size());
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        request.keySet().forEach(tp -> {
            KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo> one = result.partitionResult(tp);
            one.whenComplete((info, thrown) -> {
                Throwable error =
                        thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
                if (error == null) {
                    answered.put(tp, info.offset());
                } else if (error instanceof UnknownTopicOrPartitionException) {
                    answered.put(tp, IdlePartitions.GONE);
                } else {
                    firstFailure.compareAndSet(null, error);
                }
                if (open.decrementAndGet() == 0) {
                    // Some answers are better than none: the partitions not answered are asked for again.
                    if (answered.isEmpty() && firstFailure.get() != null) {
                        all.completeExceptionally(firstFailure.get());
                    } else {
                        all.complete(answered);
                    }
                }
            });
        });
        return all;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close(CLOSE_TIMEOUT);
        }
    }
}
