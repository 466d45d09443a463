package dev.tandem.bench.scale;

import dev.tandem.bench.replicator.FlowSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The names and the expected state of everything the scale command puts on source A: the N data topics of P
 * partitions, the groups and where they committed, the traffic topics, and the topics created during a run. Every
 * topic it makes starts with {@value #PREFIX}, so one regex selects them for the replicators, and on either cluster
 * anything else is a replicator's (or Kafka's) internal topic.
 */
final class ScaleDataSet {

    static final String PREFIX = "scale-";
    static final String TOPIC_REGEX = PREFIX + ".*";
    static final String GROUP_PREFIX = PREFIX + "group-";
    static final String GROUP_REGEX = GROUP_PREFIX + ".*";
    static final int PARTITIONS_PER_GROUP = 10;
    static final int VALUE_BYTES = 100;
    /**
     * Topics written to while new topics are created. They are not data topics: writing to those would grow the data
     * set the next replicator copies. They are made empty before each replicator starts, so to it they are existing
     * topics like the data topics.
     */
    static final int TRAFFIC_TOPICS = 20;

    private final ScaleSettings settings;

    ScaleDataSet(ScaleSettings settings) {
        this.settings = settings;
    }

    int partitions() {
        return settings.partitions();
    }

    List<String> dataTopics() {
        return numbered(PREFIX + "data-", settings.topics());
    }

    List<String> trafficTopics() {
        return numbered(PREFIX + "traffic-", TRAFFIC_TOPICS);
    }

    /** The topics created at once on A while the traffic runs. */
    List<String> newTopics() {
        return numbered(PREFIX + "new-", settings.newTopics());
    }

    /** The single topic whose first record is timed from A to B once all the others are copied. */
    String oneMoreTopic() {
        return PREFIX + "one-more";
    }

    List<String> remoteDataTopics() {
        return dataTopics().stream().map(FlowSpec::remoteTopic).toList();
    }

    /** Every partition of the data topics' copies on B. */
    List<TopicPartition> remoteDataPartitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : remoteDataTopics()) {
            for (int p = 0; p < settings.partitions(); p++) {
                partitions.add(new TopicPartition(topic, p));
            }
        }
        return partitions;
    }

    long records() {
        return (long) settings.topics() * settings.partitions() * settings.recordsPerPartition();
    }

    int recordsPerPartition() {
        return settings.recordsPerPartition();
    }

    /** In the middle of each partition, so a translation that is merely "somewhere near" shows as inexact. */
    long committedOffset() {
        return settings.recordsPerPartition() / 2;
    }

    /**
     * Each group's partitions on A. Consecutive slots go to consecutive topics, so a group's partitions are spread
     * over ten topics and the groups together over all of them; past N x P slots they wrap around.
     */
    Map<String, List<TopicPartition>> groupPartitions() {
        List<String> topics = dataTopics();
        int n = topics.size();
        long slots = (long) n * settings.partitions();
        Map<String, List<TopicPartition>> groups = new LinkedHashMap<>();
        List<String> names = numbered(GROUP_PREFIX, settings.groups());
        for (int g = 0; g < names.size(); g++) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS_PER_GROUP; i++) {
                long slot = ((long) g * PARTITIONS_PER_GROUP + i) % slots;
                partitions.add(new TopicPartition(topics.get((int) (slot % n)), (int) (slot / n)));
            }
            groups.put(names.get(g), partitions);
        }
        return groups;
    }

    int groupPartitionCount() {
        return settings.groups() * PARTITIONS_PER_GROUP;
    }

    /** A topic of the data set (data, traffic, new or one-more) on A. */
    static boolean isDataTopicOnSource(String topic) {
        return topic.startsWith(PREFIX);
    }

    /** The copy of one on B. */
    static boolean isDataTopicOnTarget(String topic) {
        return topic.startsWith(FlowSpec.remoteTopic(PREFIX));
    }

    /** Zero-padded, so the names sort in creation order. */
    private static List<String> numbered(String prefix, int count) {
        int width = Integer.toString(Math.max(0, count - 1)).length();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + String.format(Locale.ROOT, "%0" + width + "d", i));
        }
        return names;
    }
}
