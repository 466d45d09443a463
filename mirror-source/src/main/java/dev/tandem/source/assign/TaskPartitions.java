package dev.tandem.source.assign;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * A task's partitions as one config value, MM2's way: comma-separated {@code topic-partition}. Topic names may
 * contain '-' but never ',', and the partition is what follows the last '-'.
 */
public final class TaskPartitions {

    private TaskPartitions() {}

    public static String encode(List<TopicPartition> partitions) {
        return partitions.stream().map(tp -> tp.topic() + "-" + tp.partition()).collect(Collectors.joining(","));
    }

    public static List<TopicPartition> decode(String value) {
        List<TopicPartition> partitions = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return partitions;
        }
        for (String element : value.split(",")) {
            int dash = element.lastIndexOf('-');
            if (dash <= 0 || dash == element.length() - 1) {
                throw new IllegalArgumentException(
                        "task.assigned.partitions element '" + element + "' is not topic-partition");
            }
            partitions.add(
                    new TopicPartition(element.substring(0, dash), Integer.parseInt(element.substring(dash + 1))));
        }
        return partitions;
    }
}
