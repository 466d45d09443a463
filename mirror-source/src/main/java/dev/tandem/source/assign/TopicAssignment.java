package dev.tandem.source.assign;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * One record of the assignment topic: which task copies each partition of one source topic, for a given task count.
 * Keyed by connector and topic ({@code <connector>|<topic>}: a topic name never holds '|'), so the record of a topic
 * stays one record whatever its partition count, and two connectors of one flow never read each other's. The value
 * is text, {@code 2;<task count>;<task of partition 0>,<task of partition 1>,...;<source topic id>}; a topic no
 * longer copied is a tombstone. The topic id tells a task that the topic it copies was deleted and made again under
 * the same name. Version 1 (written before 2026-12-06) has no id and is still read, as an unknown id.
 */
public record TopicAssignment(String topic, int taskCount, int[] taskOfPartition, Uuid topicId) {

    private static final String VERSION = "2";
    private static final String VERSION_WITHOUT_ID = "1";
    private static final char KEY_SEPARATOR = '|';

    public TopicAssignment {
        taskOfPartition = taskOfPartition.clone();
        Objects.requireNonNull(topicId, "topicId");
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
        text.append(';').append(topicId);
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a value written by {@link #value()}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static TopicAssignment parse(String topic, byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        String[] parts = text.split(";", -1);
        boolean withId = parts.length == 4 && VERSION.equals(parts[0]);
        if (!withId && !(parts.length == 3 && VERSION_WITHOUT_ID.equals(parts[0]))) {
            throw new IllegalArgumentException("assignment of topic " + topic + " is not in format " + VERSION + " or "
                    + VERSION_WITHOUT_ID + ": '" + text + "'");
        }
        int[] tasks = parts[2].isEmpty()
                ? new int[0]
                : Arrays.stream(parts[2].split(",")).mapToInt(Integer::parseInt).toArray();
        return new TopicAssignment(
                topic, Integer.parseInt(parts[1]), tasks, withId ? Uuid.fromString(parts[3]) : Uuid.ZERO_UUID);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicAssignment that
                && topic.equals(that.topic)
                && taskCount == that.taskCount
                && Arrays.equals(taskOfPartition, that.taskOfPartition)
                && topicId.equals(that.topicId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * topic.hashCode() + taskCount) + Arrays.hashCode(taskOfPartition)) + topicId.hashCode();
    }

    @Override
    public String toString() {
        return topic + " (id " + topicId + ") over " + taskCount + " tasks: " + Arrays.toString(taskOfPartition);
    }
}
