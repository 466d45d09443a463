package dev.tandem.bench.replicator;

import java.util.List;

/**
 * What one run replicates from A to B: the topics (the case's data topic, the latency topic and the topic created
 * later to time discovery), the group to checkpoint, and the number of tasks.
 */
public record FlowSpec(String sourceBootstrap, String targetBootstrap, List<String> topics, String group, int tasks) {

    public static final String SOURCE = "A";
    public static final String TARGET = "B";

    public static String remoteTopic(String topic) {
        return SOURCE + "." + topic;
    }
}
