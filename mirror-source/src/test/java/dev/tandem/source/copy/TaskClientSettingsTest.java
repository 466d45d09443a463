package dev.tandem.source.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.source.MirrorSourceConfig;
import dev.tandem.testkit.connect.FlowConfigs;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** A source task's clients: Tandem's defaults, the user's settings over them, and what correctness pins. */
class TaskClientSettingsTest {

    private static MirrorSourceConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(FlowConfigs.minimalAToB());
        props.putAll(extra);
        return new MirrorSourceConfig(props);
    }

    @Test
    void shouldReadCommittedWithoutGroupCommitsUnlessTheUserChangesIsolation() {
        Map<String, Object> defaults = TaskClientSettings.sourceConsumer(config(Map.of()), "t-0");
        assertEquals("read_committed", defaults.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
        assertEquals(
                "none",
                defaults.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG),
                "a position the source no longer holds is reported, not reset");
        assertEquals(false, defaults.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
        assertEquals("t-0", defaults.get(ConsumerConfig.CLIENT_ID_CONFIG));
        assertEquals(2000, defaults.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), "fewer idle fetches");
        assertEquals(
                IsolationLevel.READ_COMMITTED,
                TaskClientSettings.isolationLevel(defaults),
                "new partitions' next offsets are looked up as the consumer reads");

        Map<String, Object> asked = TaskClientSettings.sourceConsumer(
                config(Map.of(
                        "source.consumer.isolation.level", "read_uncommitted",
                        "source.consumer.max.poll.records", "500",
                        "source.consumer.fetch.max.wait.ms", "100",
                        "source.consumer.enable.auto.commit", "true",
                        "source.consumer.auto.offset.reset", "latest")),
                "t-0");
        assertEquals("none", asked.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "the task applies the user's policy");
        assertEquals("read_uncommitted", asked.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "the user's choice");
        assertEquals(IsolationLevel.READ_UNCOMMITTED, TaskClientSettings.isolationLevel(asked));
        assertEquals("500", asked.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        assertEquals("100", asked.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
        assertEquals(
                false, asked.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG), "Connect, not a group, tracks positions");
    }

    @Test
    void shouldKeepOffsetSyncsCompleteWhateverTheUserSays() {
        Map<String, Object> onSource = TaskClientSettings.offsetSyncsProducer(
                config(Map.of(
                        "source.producer.acks", "1",
                        "source.producer.enable.idempotence", "false",
                        "source.producer.delivery.timeout.ms", "1000",
                        "source.producer.linger.ms", "20")),
                "t-0");
        assertEquals("all", onSource.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, onSource.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(Integer.MAX_VALUE, onSource.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG), "never given up on");
        assertEquals("20", onSource.get(ProducerConfig.LINGER_MS_CONFIG), "tuning is the user's");
        String sourceServers = String.valueOf(onSource.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        assertTrue(
                sourceServers.contains("127.0.0.1:9092") && !sourceServers.contains("9093"),
                "the offset-syncs topic is on the source by default: " + sourceServers);

        Map<String, Object> onTarget =
                TaskClientSettings.offsetSyncsProducer(config(Map.of("offset-syncs.topic.location", "target")), "t-0");
        assertTrue(
                String.valueOf(onTarget.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
                        .contains("127.0.0.1:9093"),
                onTarget.toString());
        assertEquals("t-0-offset-syncs", onTarget.get(ProducerConfig.CLIENT_ID_CONFIG));
    }

    @Test
    void shouldGiveUpOnAPositionSoonerThanOnACopy() {
        Map<String, Object> positions = TaskClientSettings.positionsProducer(config(Map.of()), "t-0");
        assertEquals(30_000, positions.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals("all", positions.get(ProducerConfig.ACKS_CONFIG));
        assertTrue(String.valueOf(positions.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG))
                .contains("127.0.0.1:9093"));
    }

    @Test
    void shouldTakeTheCopiesRequestLimitFromTheOverrideThenTheTarget() {
        assertEquals(
                TaskClientSettings.DEFAULT_MAX_REQUEST_SIZE,
                TaskClientSettings.copyMaxRequestSize(config(Map.of()), Map.of()));
        MirrorSourceConfig target = config(Map.of("target.producer.max.request.size", "2097152"));
        assertEquals(2_097_152, TaskClientSettings.copyMaxRequestSize(target, Map.of()));
        assertEquals(
                3_145_728,
                TaskClientSettings.copyMaxRequestSize(
                        target, Map.of("producer.override.max.request.size", " 3145728 ")),
                "the connector's override wins");

        ConfigException bad = assertThrows(
                ConfigException.class,
                () -> TaskClientSettings.copyMaxRequestSize(
                        config(Map.of("target.producer.max.request.size", "2MB")), Map.of()));
        assertTrue(
                bad.getMessage().contains("target.producer.max.request.size")
                        && bad.getMessage().contains("2MB"),
                bad.getMessage());
    }
}
