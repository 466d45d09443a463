package dev.tandem.source.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.source.MirrorSourceConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class CopyPathTest {

    @Test
    void shouldCopyDirectlyByDefault() {
        assertEquals(CopyPath.DIRECT, CopyPath.choose("auto", Map.of(), true).path());
    }

    @Test
    void shouldTakeTheRecordPathWhenTransformsAreSet() {
        CopyPath.Choice choice = CopyPath.choose("auto", Map.of("transforms", "route"), true);
        assertEquals(CopyPath.RECORD, choice.path());
        assertTrue(choice.reason().contains("transforms 'route'"), choice.reason());
        assertEquals(
                CopyPath.DIRECT,
                CopyPath.choose("auto", Map.of("transforms", " "), true).path(),
                "blank transforms");
    }

    @Test
    void shouldTakeTheRecordPathForExactlyOnce() {
        assertEquals(
                CopyPath.RECORD,
                CopyPath.choose("auto", Map.of("exactly.once.support", "REQUIRED"), true)
                        .path());
        assertEquals(
                CopyPath.RECORD,
                CopyPath.choose("auto", Map.of("exactly.once.source.support", "enabled"), true)
                        .path());
        assertEquals(
                CopyPath.DIRECT,
                CopyPath.choose("auto", Map.of("exactly.once.support", "requested"), true)
                        .path());
    }

    @Test
    void shouldTakeTheRecordPathWithoutPositions() {
        assertEquals(CopyPath.RECORD, CopyPath.choose("auto", Map.of(), false).path());
    }

    @Test
    void shouldFollowAnExplicitChoice() {
        assertEquals(CopyPath.RECORD, CopyPath.choose("record", Map.of(), true).path());
        assertEquals(CopyPath.DIRECT, CopyPath.choose("Direct", Map.of(), true).path());
    }

    @Test
    void shouldRefuseDirectWhereOnlyTheRecordPathWorks() {
        assertNull(CopyPath.conflict("direct", Map.of(), true));
        assertNull(CopyPath.conflict("record", Map.of("transforms", "x"), true));
        String conflict = CopyPath.conflict("direct", Map.of("transforms", "x"), true);
        assertTrue(conflict.startsWith("copy.path=direct cannot be used: transforms 'x'"), conflict);
    }

    @Test
    void shouldReportTheConflictOnTheCopyPathKeyWhenValidating() {
        Map<String, String> props = new HashMap<>();
        props.put("source.cluster.alias", "A");
        props.put("target.cluster.alias", "B");
        props.put("source.cluster.bootstrap.servers", "127.0.0.1:9092");
        props.put("target.cluster.bootstrap.servers", "127.0.0.1:9093");
        props.put("copy.path", "direct");
        props.put("transforms", "route");
        ConfigValue copyPath = MirrorSourceConfig.validate(props).get("copy.path");
        assertEquals(
                1, copyPath.errorMessages().size(), copyPath.errorMessages().toString());
        assertTrue(
                copyPath.errorMessages().get(0).contains("transforms 'route'"),
                copyPath.errorMessages().toString());
        props.put("copy.path", "sideways");
        assertTrue(MirrorSourceConfig.validate(props)
                .get("copy.path")
                .errorMessages()
                .get(0)
                .contains("sideways"));
    }
}
