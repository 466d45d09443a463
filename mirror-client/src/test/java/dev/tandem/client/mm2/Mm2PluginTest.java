package dev.tandem.client.mm2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class Mm2PluginTest {

    private static final String POLICY = "org.apache.kafka.connect.mirror.ReplicationPolicy";

    @Test
    void shouldCallTheUsersClassThroughMm2sInterface() {
        Mm2Plugin policy = Mm2Plugin.load(
                "replication.policy.class",
                "org.apache.kafka.connect.mirror.IdentityReplicationPolicy",
                POLICY,
                Map.of("source.cluster.alias", "A"));
        assertEquals("orders", policy.call("formatRemoteTopic", "A", "orders"));
        assertTrue(policy.test("isHeartbeatsTopic", "heartbeats"));
    }

    @Test
    void shouldNameTheKeyAndTheFix() {
        ConfigException missing = assertThrows(
                ConfigException.class, () -> Mm2Plugin.loadClass("topic.filter.class", "com.example.Nope", POLICY));
        assertTrue(
                missing.getMessage().startsWith("Invalid value com.example.Nope for configuration topic.filter.class"));
        assertTrue(missing.getMessage().contains("no such class"), missing.getMessage());
        ConfigException notOne = assertThrows(
                ConfigException.class, () -> Mm2Plugin.loadClass("topic.filter.class", "java.lang.String", POLICY));
        assertTrue(notOne.getMessage().contains("does not implement " + POLICY), notOne.getMessage());
        ConfigException noInterface = assertThrows(
                ConfigException.class,
                () -> Mm2Plugin.loadClass(
                        "topic.filter.class", "java.lang.String", "org.apache.kafka.connect.mirror.TopicFilter"));
        assertTrue(noInterface.getMessage().contains("connect-mirror-"), noInterface.getMessage());
        assertTrue(noInterface.getMessage().contains("does not bundle"), noInterface.getMessage());
    }
}
