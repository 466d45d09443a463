package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testkit.connect.FlowConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class MirrorSourceConfigTest {

    private static Map<String, String> valid() {
        return FlowConfigs.minimalAToB();
    }

    private static List<String> errors(Map<String, ConfigValue> values, String key) {
        ConfigValue value = values.get(key);
        return value == null ? List.of() : value.errorMessages();
    }

    @Test
    void shouldDocumentEveryKey() {
        ConfigDef def = MirrorSourceConfig.configDefinition();
        for (ConfigDef.ConfigKey key : def.configKeys().values()) {
            assertTrue(key.documentation != null && key.documentation.length() > 20, key.name + " has documentation");
        }
    }

    @Test
    void shouldRefuseATypoOfItsOwnKeyAndLetConnectAndClientKeysThrough() {
        Map<String, String> props = new java.util.HashMap<>(valid());
        props.put("topic", "orders");
        props.put("tasks.max", "2");
        props.put("transforms", "");
        props.put("producer.override.linger.ms", "5");
        props.put("my.label", "x");
        Map<String, ConfigValue> values = MirrorSourceConfig.validate(props);
        assertEquals(
                List.of("not a setting of this connector; did you mean topics?"),
                values.get("topic").errorMessages());
        assertEquals(
                List.of("topic"),
                values.values().stream()
                        .filter(v -> !v.errorMessages().isEmpty())
                        .map(ConfigValue::name)
                        .toList(),
                "only the typo is an error");
    }

    @Test
    void shouldMakeOneReplicationPolicyPerConfig() {
        MirrorSourceConfig config = new MirrorSourceConfig(valid());
        assertSame(config.replicationPolicy(), config.replicationPolicy(), "one configured policy, not one per call");
        assertEquals("A.orders", config.replicationPolicy().formatRemoteTopic("A", "orders"));
    }

    @Test
    void shouldUseTandemDefaults() {
        MirrorSourceConfig config = new MirrorSourceConfig(valid());
        assertEquals(Duration.ofSeconds(5), config.refreshTopicsInterval());
        assertEquals(Duration.ofSeconds(10), config.syncTopicConfigsInterval());
        assertEquals(Duration.ofMillis(1000), config.offsetSyncsInterval());
        assertEquals(Optional.empty(), config.replicationFactor());
        assertEquals("mm2-offset-syncs.B.internal", config.offsetSyncsTopic());
        assertEquals("A->B", config.flow());
        assertFalse(config.offsetSyncsOnTarget());
    }

    @Test
    void shouldReportEveryBadKeyTogether() {
        Map<String, String> props = valid();
        props.remove("target.cluster.bootstrap.servers");
        props.put("source.cluster.alias", "us.west");
        props.put("topics", "orders, bad[");
        props.put("refresh.topics.interval.seconds", "soon");
        props.put("replication.factor", "0");
        Map<String, ConfigValue> values = MirrorSourceConfig.validate(props);
        assertFalse(errors(values, "target.cluster.bootstrap.servers").isEmpty());
        assertFalse(errors(values, "source.cluster.alias").isEmpty());
        assertTrue(
                errors(values, "topics").get(0).contains("bad["),
                errors(values, "topics").toString());
        assertFalse(errors(values, "refresh.topics.interval.seconds").isEmpty());
        assertFalse(errors(values, "replication.factor").isEmpty());

        ConfigException e = assertThrows(ConfigException.class, () -> MirrorSourceConfig.parse(props));
        for (String key : new String[] {
            "target.cluster.bootstrap.servers",
            "source.cluster.alias",
            "topics",
            "refresh.topics.interval.seconds",
            "replication.factor"
        }) {
            assertTrue(e.getMessage().contains(key + ":"), key + " in " + e.getMessage());
        }
    }

    @Test
    void shouldRefuseReplicatingAClusterToItself() {
        Map<String, String> props = valid();
        props.put("target.cluster.alias", "A");
        assertFalse(errors(MirrorSourceConfig.validate(props), "target.cluster.alias")
                .isEmpty());
    }

    @Test
    void shouldRefuseAliasContainingCustomSeparator() {
        Map<String, String> props = valid();
        props.put("replication.policy.separator", "_");
        props.put("source.cluster.alias", "us_west");
        assertTrue(errors(MirrorSourceConfig.validate(props), "source.cluster.alias")
                .get(0)
                .contains("separator"));
    }

    @Test
    void shouldLayerClientSettings() {
        Map<String, String> props = valid();
        props.put("source.cluster.security.protocol", "SSL");
        props.put("source.consumer.max.poll.records", "10");
        props.put("source.cluster.max.poll.records", "20");
        props.put("target.producer.linger.ms", "7");
        MirrorSourceConfig config = new MirrorSourceConfig(props);
        Map<String, Object> consumer = config.sourceConsumerConfig();
        assertEquals("127.0.0.1:9092", consumer.get("bootstrap.servers"));
        assertEquals("SSL", consumer.get("security.protocol"));
        assertEquals("10", consumer.get("max.poll.records"), "the client prefix wins over the cluster prefix");
        assertFalse(consumer.containsKey("alias"));
        assertEquals("7", config.targetProducerConfig().get("linger.ms"));
        assertEquals("127.0.0.1:9093", config.targetAdminConfig().get("bootstrap.servers"));
    }

    @Test
    void shouldRefuseConvertersThatWouldRewriteTheCopiedBytes() {
        Map<String, String> props = valid();
        props.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        props.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        Map<String, ConfigValue> values = MirrorSourceConfig.validate(props);
        assertEquals(List.of(), errors(values, "key.converter"));
        assertEquals(
                List.of("value.converter is org.apache.kafka.connect.json.JsonConverter, which would rewrite the bytes"
                        + " Tandem copies; set value.converter=org.apache.kafka.connect.converters.ByteArrayConverter"),
                errors(values, "value.converter"));
        ConfigException e = assertThrows(ConfigException.class, () -> MirrorSourceConfig.parse(props));
        assertTrue(e.getMessage().contains("value.converter"), e.getMessage());
    }

    @Test
    void shouldRefuseBootstrapServersThatAreNotHostAndPort() {
        Map<String, String> props = valid();
        props.put("source.cluster.bootstrap.servers", "${SOURCE_BOOTSTRAP_SERVERS}");
        props.put("target.cluster.bootstrap.servers", "kafka-1:9092, SASL_SSL://kafka-2.example.com:9094, [::1]:9092");
        Map<String, ConfigValue> values = MirrorSourceConfig.validate(props);
        assertEquals(List.of(), errors(values, "target.cluster.bootstrap.servers"));
        List<String> source = errors(values, "source.cluster.bootstrap.servers");
        assertEquals(1, source.size(), source.toString());
        assertTrue(source.get(0).contains("'${SOURCE_BOOTSTRAP_SERVERS}' is not host:port"), source.get(0));
    }
}
