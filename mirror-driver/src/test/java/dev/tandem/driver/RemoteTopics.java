package dev.tandem.driver;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;

/** Waits on remote topics of the target, as the driver ITs watch a copy arrive. */
final class RemoteTopics {

    private static final Duration WAIT = Duration.ofSeconds(120);

    private RemoteTopics() {}

    /** Until {@code topic} exists on the target and its partitions end at {@code records} in all. */
    static void awaitEnd(KafkaTestClient target, String topic, long records) {
        Await.until(
                topic + " holds " + records + " records",
                WAIT,
                () -> target.topics().contains(topic) && target.endOffsetSum(topic) == records);
    }
}
