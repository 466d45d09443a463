package dev.tandem.source.assign;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.TopicPartition;

/**
 * One record of the assignment topic: which task copies each partition of one source topic, for a given task count.
 * Keyed by connector and topic ({@code <connector>|<topic>}: a topic name never holds '|'), so the record of a topic
 * stays one record whatever its partition count, and two connectors of one flow never read each other's. The value
 * is text, {@code 1;<task count>;<task of partition 0>,<task of partition 1>,...}; a topic no longer copied is a
 * tombstone.
 */
public record TopicAssignment(String topic, int taskCount, int[] taskOfPartition) {

    private static final String VERSION = "1";
    private static final char KEY_SEPARATOR = '|';

    public TopicAssignment {
        taskOfPartition = taskOfPartition.clone();
    }

    public int partitionCount() {
        return taskOfPartition.length;
    }

    public int taskOf(int partition) {
        return taskOfPartition[partition];
    }

    public TopicPartition partition(int partition) {
        return new TopicPartition(topic, partition);
    }

    public static byte[] key(String connector, String topic) {
        return (connector + KEY_SEPARATOR + topic).getBytes(StandardCharsets.UTF_8);
    }

    /** The topic of a key of {@code connector}, or null for another connector's key. */
    public static String topicOf(String connector, byte[] key) {
        String text = new String(key, StandardCharsets.UTF_8);
        int separator = text.lastIndexOf(KEY_SEPARATOR);
        if (separator < 0 || !text.substring(0, separator).equals(connector)) {
            return null;
        }
        return text.substring(separator + 1);
    }

    public byte[] value() {
        StringBuilder text =
                new StringBuilder(VERSION).append(';').append(taskCount).append(';');
        for (int i = 0; i < taskOfPartition.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(taskOfPartition[i]);
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a value written by {@link #value()}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static TopicAssignment parse(String topic, byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        String[] parts = text.split(";", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException(
                    "assignment of topic " + topic + " is not in format " + VERSION + ": '" + text + "'");
        }
        int[] tasks = parts[2].isEmpty()
                ? new int[0]
                : Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray();
        return new TopicAssignment(topic, Integer.parseInt(parts[1]), tasks);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicAssignment that
                && topic.equals(that.topic)
                && taskCount == that.taskCount
                && Arrays.equals(taskOfPartition, that.taskOfPartition);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * topic.hashCode() + taskCount) + Arrays.hashCode(taskOfPartition);
    }

    @Override
    public String toString() {
        return topic + " over " + taskCount + " tasks: " + Arrays.toString(taskOfPartition);
    }
}
