package dev.tandem.source.gaps;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;

/**
 * Where a partition with no committed offset starts: the user's {@code source.consumer.auto.offset.reset}
 * ({@code earliest} by default, {@code latest}, {@code by_duration:<ISO-8601 duration>} or {@code none}), applied by
 * the task itself. The source consumer runs with {@code auto.offset.reset=none}, so that a position the source no
 * longer holds is reported as a gap ({@link SourceGaps}) instead of being reset without a word.
 */
public final class StartingPositions {

    /** The key as the user writes it on the connector. */
    public static final String KEY = "source.consumer." + ConsumerConfig.AUTO_OFFSET_RESET_CONFIG;

    private static final String BY_DURATION = "by_duration:";

    private final String policy;
    private final Duration duration;

    private StartingPositions(String policy, Duration duration) {
        this.policy = policy;
        this.duration = duration;
    }

    /** The user's policy, from the source consumer settings as given (before Tandem sets its own). */
    public static StartingPositions of(Map<String, Object> userConsumerConfig) {
        Object value = userConsumerConfig.getOrDefault(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("earliest") || text.equals("latest") || text.equals("none")) {
            return new StartingPositions(text, null);
        }
        if (text.startsWith(BY_DURATION)) {
            try {
                Duration duration = Duration.parse(String.valueOf(value).trim().substring(BY_DURATION.length()));
                if (!duration.isNegative()) {
                    return new StartingPositions(BY_DURATION, duration);
                }
            } catch (DateTimeParseException e) {
                // reported below, with the key
            }
        }
        throw new ConfigException(
                KEY, value, "must be earliest, latest, none or by_duration:<ISO-8601 duration>, e.g. by_duration:PT1H");
    }

    /** The consumer setting that makes an out-of-range position an error the task handles. */
    public static Map<String, Object> noAutomaticReset(Map<String, Object> consumerConfig) {
        Map<String, Object> settings = new HashMap<>(consumerConfig);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return settings;
    }

    /**
     * Positions {@code partitions}, which have no committed offset. {@code earliest} and {@code latest} take effect at
     * the next poll, without a request now; with {@code none} they stay without a position and the poll fails, as it
     * would in MirrorMaker 2.
     */
    public void position(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        if (partitions.isEmpty()) {
            return;
        }
        switch (policy) {
            case "earliest" -> consumer.seekToBeginning(partitions);
            case "latest" -> consumer.seekToEnd(partitions);
            case BY_DURATION -> byDuration(consumer, partitions, timeout);
            default -> {
                // none: left to fail at the poll, naming the key
            }
        }
    }

    private void byDuration(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        long since = System.currentTimeMillis() - duration.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, since));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(times, timeout);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            if (at == null) {
                consumer.seekToEnd(List.of(tp)); // no record that recent: only what comes next
            } else {
                consumer.seek(tp, at.offset());
            }
        }
    }

    @Override
    public String toString() {
        return duration == null ? policy : BY_DURATION + duration;
    }
}
