package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.FlowSpec;
import dev.tandem.bench.replicator.ReplicatorProcess;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.records.SteadyLoad;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Does creating many topics on A stall the copy of the topics already running? Steady traffic goes to the traffic
 * topics; after {@link #BEFORE} the new topics are created on A in one request, and the traffic goes on for
 * {@link #AFTER}. A replicator that restarts its tasks to take up new topics (MM2, when it discovers them) stops every
 * partition's copy meanwhile.
 *
 * <p>What is measured: for each copied record, its replication latency, the moment this JVM's consumer on B received
 * the copy minus the record's create time on A (set by the producer here; one machine, one clock). The longest pause
 * is the largest latency among records written in the {@link #AFTER} window: a copy that stops for X ms keeps the
 * record written as it stopped waiting about X ms. Why not B's append time: the replicators copy the source's
 * timestamp into topics of type CreateTime, so B's append time is in no record. Why not the gaps between arrivals: at
 * 50 records/s a topic's records are 20 ms apart and a partition's further, so a gap means something only next to the
 * source's own gap; the latency folds both into one number. The same figure before the topics were created (after a
 * warm-up) is the baseline: the pause is what the after-figure adds to it. The consumer waits up to 50 ms for a fetch,
 * the same for every replicator.
 */
final class PauseProbe {

    /** Records/s over all traffic topics together. */
    static final int RATE = 1_000;

    static final Duration BEFORE = Duration.ofSeconds(20);
    static final Duration AFTER = Duration.ofSeconds(30);
    /** The baseline leaves out the first seconds: new producers fetch metadata and the copy's first fetches wake. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private static final Duration DRAIN = Duration.ofSeconds(30);
    /** The traffic topics exist before the replicator starts, so they are copied from its first discovery. */
    private static final Duration REMOTE_TOPICS_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaTestClient source;
    private final Admin target;
    private final String targetBootstrap;
    private final ScaleDataSet data;

    PauseProbe(KafkaTestClient source, Admin target, String targetBootstrap, ScaleDataSet data) {
        this.source = source;
        this.target = target;
        this.targetBootstrap = targetBootstrap;
        this.data = data;
    }

    PauseFigures measure(ReplicatorProcess replicator) throws Exception {
        List<String> traffic = data.trafficTopics();
        awaitRemoteTopics(traffic.stream().map(FlowSpec::remoteTopic).toList(), replicator);
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            List<TopicPartition> remote = new ArrayList<>();
            for (String topic : traffic) {
                for (int p = 0; p < data.partitions(); p++) {
                    remote.add(new TopicPartition(FlowSpec.remoteTopic(topic), p));
                }
            }
            consumer.assign(remote);
            consumer.seekToBeginning(remote); // the traffic topics were empty until now
            remote.forEach(consumer::position);
            Latencies latencies = new Latencies();
            List<SteadyLoad> loads = new ArrayList<>();
            KafkaFuture<Void> creation;
            long createdAt;
            long createdIn = -1;
            try {
                for (String topic : traffic) {
                    loads.add(SteadyLoad.start(source, topic, data.partitions(), RATE / traffic.size()));
                }
                long loadStarted = System.currentTimeMillis();
                latencies.baselineFrom(loadStarted + WARM_UP.toMillis());
                pollUntil(consumer, latencies, loadStarted + BEFORE.toMillis(), replicator);
                createdAt = System.currentTimeMillis();
                latencies.windowFrom(createdAt, createdAt + AFTER.toMillis());
                creation = source.admin()
                        .createTopics(data.newTopics().stream()
                                .map(t -> new NewTopic(t, data.partitions(), (short) 1))
                                .toList())
                        .all();
                long stopAt = createdAt + AFTER.toMillis();
                while (System.currentTimeMillis() < stopAt) {
                    pollUntil(consumer, latencies, Math.min(stopAt, System.currentTimeMillis() + 100), replicator);
                    if (createdIn < 0 && creation.isDone()) {
                        createdIn = System.currentTimeMillis() - createdAt;
                    }
                }
            } finally {
                loads.forEach(SteadyLoad::close); // each waits for its records' acknowledgements
            }
            creation.get(60, TimeUnit.SECONDS); // a failed creation fails the step
            long sent = loads.stream().mapToLong(SteadyLoad::acknowledged).sum();
            long drainUntil = System.currentTimeMillis() + DRAIN.toMillis();
            while (latencies.received() < sent && System.currentTimeMillis() < drainUntil) {
                pollUntil(consumer, latencies, System.currentTimeMillis() + 100, replicator);
            }
            return new PauseFigures(
                    latencies.maxBefore(),
                    latencies.maxAfter(),
                    sent,
                    latencies.received(),
                    createdIn < 0 ? System.currentTimeMillis() - createdAt : createdIn);
        }
    }

    private void pollUntil(
            KafkaConsumer<byte[], byte[]> consumer,
            Latencies latencies,
            long untilMillis,
            ReplicatorProcess replicator) {
        while (System.currentTimeMillis() < untilMillis) {
            replicator.checkAlive();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                latencies.add(record.timestamp(), System.currentTimeMillis());
            }
        }
    }

    private void awaitRemoteTopics(List<String> remoteTopics, ReplicatorProcess replicator) throws Exception {
        long deadline = System.nanoTime() + REMOTE_TOPICS_TIMEOUT.toNanos();
        while (true) {
            replicator.checkAlive();
            Set<String> present = target.listTopics().names().get(30, TimeUnit.SECONDS);
            if (present.containsAll(remoteTopics)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The remote traffic topics were not all on B within "
                        + REMOTE_TOPICS_TIMEOUT.toSeconds() + " s of asking");
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        return TargetConsumers.open(targetBootstrap, Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50));
    }

    /** The largest latency of records written in the baseline and in the window after the topics were created. */
    private static final class Latencies {

        private long baselineFrom = Long.MAX_VALUE;
        private long windowFrom = Long.MAX_VALUE;
        private long windowTo = Long.MAX_VALUE;
        private long maxBefore = -1;
        private long maxAfter = -1;
        private long received;

        void baselineFrom(long millis) {
            baselineFrom = millis;
        }

        void windowFrom(long from, long to) {
            windowFrom = from;
            windowTo = to;
        }

        void add(long createdMillis, long receivedMillis) {
            received++;
            long latency = receivedMillis - createdMillis;
            if (createdMillis >= windowFrom && createdMillis < windowTo) {
                maxAfter = Math.max(maxAfter, latency);
            } else if (createdMillis >= baselineFrom && createdMillis < windowFrom) {
                maxBefore = Math.max(maxBefore, latency);
            }
        }

        long received() {
            return received;
        }

        long maxBefore() {
            return maxBefore;
        }

        long maxAfter() {
            return maxAfter;
        }
    }
}
