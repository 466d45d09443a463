package dev.tandem.source.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.kafka.KafkaClusters;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The controller's word on topics a broker's listing left out, against a real broker: a topic that exists is not
 * taken for deleted (the listing only lagged, as the target broker's did for 16 s while it applied 10,000 new
 * partitions), a deleted one and one that never existed are gone.
 */
class DeletedTopicsIT {

    @Test
    void shouldTellTopicsThatExistFromDeletedOnes() throws Exception {
        try (KafkaClusters clusters = KafkaClusters.start("B");
                KafkaTestClient onB = new KafkaTestClient(clusters.get("B"))) {
            onB.createTopic("A.kept", 2);
            onB.createTopic("A.deleted", 1);
            onB.admin().deleteTopics(List.of("A.deleted")).all().get();
            Await.until(
                    "A.deleted is gone from the listing",
                    Duration.ofSeconds(30),
                    () -> !onB.topics().contains("A.deleted"));

            DeletedTopics deleted = new DeletedTopics(onB.admin(), Duration.ofSeconds(30));

            assertEquals(
                    Set.of("A.deleted", "A.never-made"),
                    deleted.of(List.of("A.kept", "A.deleted", "A.never-made")),
                    "only the topic the controller still has is kept");
            assertEquals(Set.of(), deleted.of(List.of()));
            assertEquals(
                    Set.of("A.kept"),
                    onB.topics().stream().filter(t -> t.startsWith("A.")).collect(Collectors.toSet()),
                    "the check created nothing");
        }
    }
}
