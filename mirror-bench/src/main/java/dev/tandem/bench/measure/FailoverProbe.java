package dev.tandem.bench.measure;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToLongFunction;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.mirror.RemoteClusterUtils;

/**
 * Fails a group over the way MM2's users do: Apache Kafka's own {@link RemoteClusterUtils#translateOffsets} reads
 * the checkpoints on the target (the same format for both replicators). The exact translation of the group's offset
 * is the target offset of the record it points at ({@link CommittedCopy}); anything before is re-read, past it skipped.
 */
public final class FailoverProbe {

    private final Map<String, Object> targetClientConfig;

    public FailoverProbe(String targetBootstrap) {
        this.targetClientConfig = Map.of("bootstrap.servers", targetBootstrap);
    }

    /** Waits until every partition of the remote topic has a checkpoint for the group; empty past the timeout. */
    public Optional<Failover> measure(
            String sourceAlias,
            String group,
            String remoteTopic,
            int partitions,
            IntToLongFunction exactOnTarget,
            Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> translated;
            try {
                translated = RemoteClusterUtils.translateOffsets(
                        targetClientConfig, sourceAlias, group, Duration.ofSeconds(10));
            } catch (Exception e) {
                translated = Map.of(); // no checkpoints topic yet
            }
            if (coversAll(translated, remoteTopic, partitions)) {
                long reread = 0;
                long skipped = 0;
                for (int p = 0; p < partitions; p++) {
                    long exact = exactOnTarget.applyAsLong(p);
                    long offset =
                            translated.get(new TopicPartition(remoteTopic, p)).offset();
                    // A consumer resumes at the translated offset: before the exact one it reads records again,
                    // past it it never sees the records in between.
                    reread += Math.max(0, exact - offset);
                    skipped += Math.max(0, offset - exact);
                }
                return Optional.of(new Failover(reread, skipped, (System.nanoTime() - start) / 1e9));
            }
            Thread.sleep(1000);
        }
        return Optional.empty();
    }

    private static boolean coversAll(Map<TopicPartition, OffsetAndMetadata> translated, String topic, int partitions) {
        for (int p = 0; p < partitions; p++) {
            if (!translated.containsKey(new TopicPartition(topic, p))) {
                return false;
            }
        }
        return true;
    }
}
