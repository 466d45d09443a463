package dev.tandem.source.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tandem.source.MirrorSourceConfig;
import dev.tandem.testkit.connect.FlowConfigs;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

/** The direct path's producer: Tandem's defaults, then the target's producer settings, then producer.override. */
class CopyProducerSettingsTest {

    private static Map<String, Object> settings(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(FlowConfigs.minimalAToB());
        props.putAll(extra);
        return CopyProducerSettings.of(new MirrorSourceConfig(props), props, "copier-0");
    }

    @Test
    void shouldHoldAThousandFullBatchesByDefault() {
        Map<String, Object> defaults = settings(Map.of());
        assertEquals(131072, defaults.get(ProducerConfig.BATCH_SIZE_CONFIG));
        assertEquals(
                1024L,
                (long) defaults.get(ProducerConfig.BUFFER_MEMORY_CONFIG)
                        / (int) defaults.get(ProducerConfig.BATCH_SIZE_CONFIG),
                "each open batch takes a whole batch.size: 1,024 open batches fit");
        assertEquals("all", defaults.get(ProducerConfig.ACKS_CONFIG));
        assertEquals(true, defaults.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("copier-0", defaults.get(ProducerConfig.CLIENT_ID_CONFIG));
    }

    @Test
    void shouldLetTheTargetsSettingsAndThenTheConnectorsOverridesWin() {
        Map<String, Object> chosen = settings(Map.of(
                "target.producer.buffer.memory", "33554432",
                "target.producer.linger.ms", "20",
                "producer.override.linger.ms", "0",
                "target.producer.transactional.id", "not-here"));
        assertEquals("33554432", chosen.get(ProducerConfig.BUFFER_MEMORY_CONFIG));
        assertEquals("0", chosen.get(ProducerConfig.LINGER_MS_CONFIG), "the connector's override last");
        assertFalse(
                chosen.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG),
                "a send outside a transaction would fail: exactly-once runs the record path");
    }

    @Test
    void shouldKeepOrderWithOneRequestInFlightWhenFewerAcksRuleOutIdempotence() {
        Map<String, Object> oneAck = settings(Map.of("target.producer.acks", "1"));
        assertEquals(false, oneAck.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals(1, oneAck.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION));
    }
}
