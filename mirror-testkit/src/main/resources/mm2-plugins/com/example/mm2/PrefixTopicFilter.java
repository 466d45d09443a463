package com.example.mm2;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.mirror.TopicFilter;

/** A user's MM2 topic filter: copies topics starting with one of the prefixes in its own key. */
public class PrefixTopicFilter implements TopicFilter {

    private List<String> prefixes = List.of();

    @Override
    public void configure(Map<String, ?> props) {
        Object configured = props.get("example.topic.prefixes");
        if (configured == null) {
            throw new IllegalArgumentException("example.topic.prefixes is required");
        }
        prefixes = Arrays.stream(configured.toString().split(",")).map(String::trim).toList();
    }

    @Override
    public boolean shouldReplicateTopic(String topic) {
        return prefixes.stream().anyMatch(topic::startsWith);
    }
}
