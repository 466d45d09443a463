package dev.tandem.common.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TopicFilterTest {

    private static List<String> split(String value) {
        return List.of(value.split(","));
    }

    @Test
    void shouldReplicateEverythingButMirrorMakersDefaultExcludes() {
        TopicFilter filter =
                TopicFilter.of(split(TopicFilter.TOPICS_DEFAULT), split(TopicFilter.TOPICS_EXCLUDE_DEFAULT));
        assertTrue(filter.shouldReplicateTopic("orders"));
        assertTrue(filter.shouldReplicateTopic("A.orders"));
        assertFalse(filter.shouldReplicateTopic("mm2-offset-syncs.B.internal"));
        assertFalse(filter.shouldReplicateTopic("orders.replica"));
        assertFalse(filter.shouldReplicateTopic("__consumer_offsets"));
    }

    @Test
    void shouldMatchWholeNamesAndLetExcludesWin() {
        TopicFilter filter = TopicFilter.of(List.of("orders", " pay.* "), List.of("payments-test"));
        assertTrue(filter.shouldReplicateTopic("orders"));
        assertFalse(filter.shouldReplicateTopic("orders2"), "a name matches whole, not as a prefix");
        assertTrue(filter.shouldReplicateTopic("payments"));
        assertFalse(filter.shouldReplicateTopic("payments-test"));
    }

    @Test
    void shouldReplicateNothingWithEmptyInclude() {
        TopicFilter filter = TopicFilter.of(List.of(), List.of());
        assertFalse(filter.shouldReplicateTopic("orders"));
    }

    @Test
    void shouldNameKeyAndElementOfBadRegex() {
        ConfigException e = assertThrows(ConfigException.class, () -> TopicFilter.of(List.of("ok"), List.of("bad[")));
        assertTrue(e.getMessage().contains("topics.exclude"), e.getMessage());
        assertTrue(e.getMessage().contains("bad["), e.getMessage());
    }
}
