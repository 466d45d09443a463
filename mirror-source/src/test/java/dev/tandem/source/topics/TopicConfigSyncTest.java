package dev.tandem.source.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.common.filter.RegexList;
import dev.tandem.source.MirrorSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.junit.jupiter.api.Test;

class TopicConfigSyncTest {

    private static final RegexList EXCLUDED = RegexList.compile(
            "config.properties.exclude", List.of(MirrorSourceConfig.CONFIG_PROPERTIES_EXCLUDE_DEFAULT.split(",")));
    private static final ConfigPropertyFilter FILTER = ConfigPropertyFilter.standard(EXCLUDED, false);

    private static ConfigEntry topicLevel(String name, String value) {
        return new ConfigEntry(
                name, value, ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, false, false, List.of(), null, null);
    }

    private static ConfigEntry defaulted(String name, String value) {
        return new ConfigEntry(
                name, value, ConfigEntry.ConfigSource.DEFAULT_CONFIG, false, false, List.of(), null, null);
    }

    private static Set<String> describe(List<AlterConfigOp> ops) {
        return ops.stream()
                .map(op -> op.opType() + " " + op.configEntry().name()
                        + (op.configEntry().value() == null
                                ? ""
                                : "=" + op.configEntry().value()))
                .collect(Collectors.toSet());
    }

    @Test
    void shouldSendOnlyDifferences() {
        TopicConfigSync sync = new TopicConfigSync(null, null, FILTER, Duration.ofSeconds(1));
        Config target = new Config(List.of(
                topicLevel("retention.ms", "1000"),
                topicLevel("cleanup.policy", "compact"),
                defaulted("segment.bytes", "1073741824"),
                topicLevel("min.insync.replicas", "2")));
        Map<String, String> wanted =
                Map.of("retention.ms", "2000", "cleanup.policy", "compact", "max.message.bytes", "5000");
        assertEquals(
                Set.of("SET retention.ms=2000", "SET max.message.bytes=5000"), describe(sync.diff(wanted, target)));
    }

    @Test
    void shouldDeleteSettingsRemovedFromSourceButKeepExcludedOnes() {
        TopicConfigSync sync = new TopicConfigSync(null, null, FILTER, Duration.ofSeconds(1));
        Config target = new Config(List.of(
                topicLevel("retention.ms", "1000"),
                topicLevel("min.insync.replicas", "2"),
                topicLevel("message.timestamp.type", "LogAppendTime")));
        assertEquals(Set.of("DELETE retention.ms"), describe(sync.diff(Map.of(), target)));
    }

    @Test
    void shouldSyncOnlyTopicLevelNonExcludedSettings() {
        assertTrue(FILTER.shouldSync(topicLevel("retention.ms", "1")));
        assertFalse(FILTER.shouldSync(defaulted("retention.ms", "1")));
        for (String excluded : new String[] {
            "min.insync.replicas",
            "unclean.leader.election.enable",
            "leader.replication.throttled.replicas",
            "follower.replication.throttled.replicas",
            "message.timestamp.type",
            "message.timestamp.after.max.ms"
        }) {
            assertFalse(FILTER.shouldSync(topicLevel(excluded, "x")), excluded);
        }
    }

    @Test
    void shouldTakeTheSourcesDefaultsOnlyWhenToldToUseThem() {
        ConfigPropertyFilter fromSource = ConfigPropertyFilter.standard(EXCLUDED, true);
        assertTrue(fromSource.shouldSync(defaulted("retention.ms", "604800000")));
        assertTrue(fromSource.shouldSync(topicLevel("retention.ms", "1")));
        assertFalse(fromSource.shouldSync(defaulted("min.insync.replicas", "1")), "excluded stays excluded");
        assertFalse(fromSource.shouldSync(defaulted("retention.ms", null)));
        ConfigEntry sensitive = new ConfigEntry(
                "sasl.jaas.config", "x", ConfigEntry.ConfigSource.DEFAULT_CONFIG, true, false, List.of(), null, null);
        assertFalse(fromSource.shouldSync(sensitive));
        // The target's default equals the source's value but is not set on the topic: set it, so it stays put
        // whatever the target broker's default becomes.
        TopicConfigSync sync = new TopicConfigSync(null, null, fromSource, Duration.ofSeconds(1));
        Config target = new Config(List.of(defaulted("retention.ms", "604800000")));
        assertEquals(
                Set.of("SET retention.ms=604800000"), describe(sync.diff(Map.of("retention.ms", "604800000"), target)));
    }

    @Test
    void shouldCoverEveryTopicInBatchesOfTwoHundredFiftyWrappingAround() {
        TopicConfigSync sync = new TopicConfigSync(null, null, FILTER, Duration.ofSeconds(1));
        Map<String, String> remoteBySource = new java.util.TreeMap<>();
        for (int i = 0; i < 600; i++) {
            remoteBySource.put(String.format("t%04d", i), String.format("A.t%04d", i));
        }
        Map<String, String> first = sync.nextBatch(remoteBySource);
        Map<String, String> second = sync.nextBatch(remoteBySource);
        Map<String, String> third = sync.nextBatch(remoteBySource);
        assertEquals(250, first.size());
        assertEquals(250, second.size());
        assertEquals(250, third.size());
        assertTrue(first.containsKey("t0000") && first.containsKey("t0249"));
        assertTrue(second.containsKey("t0250") && second.containsKey("t0499"));
        assertTrue(third.containsKey("t0500") && third.containsKey("t0599") && third.containsKey("t0149"));
        assertFalse(third.containsKey("t0150"), "wraps around after the last topic");
        assertEquals("A.t0599", third.get("t0599"));
        assertTrue(sync.nextBatch(remoteBySource).containsKey("t0150"), "and goes on where it stopped");
        assertEquals(2, sync.nextBatch(Map.of("a", "A.a", "b", "A.b")).size(), "few topics: all every run");
    }
}
