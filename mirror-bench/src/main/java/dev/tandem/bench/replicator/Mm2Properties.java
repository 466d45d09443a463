package dev.tandem.bench.replicator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The mm2.properties of a run. MirrorMaker 2 and Tandem read the very same file (Tandem is a drop-in replacement);
 * only the "tuned" MM2 run adds Tandem's client settings to it.
 */
public final class Mm2Properties {

    private Mm2Properties() {}

    public static void write(Path file, FlowSpec flow, Map<String, String> extra) throws IOException {
        String source = FlowSpec.SOURCE;
        String target = FlowSpec.TARGET;
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("clusters", source + ", " + target);
        keys.put(source + ".bootstrap.servers", flow.sourceBootstrap());
        keys.put(target + ".bootstrap.servers", flow.targetBootstrap());
        keys.put(source + "->" + target + ".enabled", "true");
        keys.put(target + "->" + source + ".enabled", "false");
        keys.put(source + "->" + target + ".topics", String.join(", ", flow.topics()));
        keys.put(source + "->" + target + ".groups", flow.group());
        keys.put("tasks.max", Integer.toString(flow.tasks()));
        // One broker per cluster, as in MM2's own single-node examples.
        for (String key : new String[] {
            "replication.factor",
            "checkpoints.topic.replication.factor",
            "heartbeats.topic.replication.factor",
            "offset-syncs.topic.replication.factor",
            "offset.storage.replication.factor",
            "status.storage.replication.factor",
            "config.storage.replication.factor"
        }) {
            keys.put(key, "1");
        }
        keys.putAll(extra);
        String text = keys.entrySet().stream()
                .map(e -> e.getKey() + " = " + e.getValue())
                .collect(Collectors.joining(System.lineSeparator(), "", System.lineSeparator()));
        Files.writeString(file, text);
    }
}
