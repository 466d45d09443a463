package dev.tandem.source.offsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.junit.jupiter.api.Test;

/** Keys of a Connect offsets topic as a worker running MirrorMaker 2's source connector writes them. */
class TakeoverOffsetsTest {

    private static SchemaAndValue key(String json) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, false), true);
        return converter.toConnectData("mm2-offsets.A.internal", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadTheSourcePartitionOfMirrorMaker2sKey() {
        assertEquals(
                new TopicPartition("orders", 2),
                TakeoverOffsets.partitionOf(
                        key("[\"MirrorSourceConnector\",{\"cluster\":\"A\",\"partition\":2,\"topic\":\"orders\"}]"),
                        "MirrorSourceConnector",
                        "A"));
    }

    @Test
    void shouldIgnoreOtherConnectorsOtherClustersAndOtherShapes() {
        String ofA = "{\"cluster\":\"A\",\"partition\":0,\"topic\":\"orders\"}";
        assertNull(TakeoverOffsets.partitionOf(
                key("[\"MirrorCheckpointConnector\"," + ofA + "]"), "MirrorSourceConnector", "A"));
        assertNull(TakeoverOffsets.partitionOf(
                key("[\"MirrorSourceConnector\"," + ofA + "]"), "MirrorSourceConnector", "C"));
        assertNull(TakeoverOffsets.partitionOf(
                key("[\"MirrorSourceConnector\",{\"cluster\":\"A\",\"topic\":\"orders\"}]"),
                "MirrorSourceConnector",
                "A"));
        assertNull(TakeoverOffsets.partitionOf(key("{\"cluster\":\"A\"}"), "MirrorSourceConnector", "A"));
        assertNull(TakeoverOffsets.partitionOf(key("[\"MirrorSourceConnector\"]"), "MirrorSourceConnector", "A"));
    }
}
