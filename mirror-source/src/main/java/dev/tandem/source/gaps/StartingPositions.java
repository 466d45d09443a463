package dev.tandem.source.gaps;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a partition with no committed offset starts: the user's {@code source.consumer.auto.offset.reset}
 * ({@code earliest} by default, {@code latest}, {@code by_duration:<ISO-8601 duration>} or {@code none}), applied by
 * the task itself. The source consumer runs with {@code auto.offset.reset=none}, so that a position the source no
 * longer holds is reported as a gap ({@link SourceGaps}) instead of being reset without a word.
 */
public final class StartingPositions {

    private static final Logger log = LoggerFactory.getLogger(StartingPositions.class);

    /** The key as the user writes it on the connector. */
    public static final String KEY = "source.consumer." + ConsumerConfig.AUTO_OFFSET_RESET_CONFIG;

    private static final String BY_DURATION = "by_duration:";

    private final String policy;
    private final Duration duration;
    private final Lookup lookup;

    private StartingPositions(String policy, Duration duration, Lookup lookup) {
        this.policy = policy;
        this.duration = duration;
        this.lookup = lookup;
    }

    /**
     * The same policy, with {@code earliest} and {@code latest} offsets looked up on a connection of their own and
     * sought to. Left to the consumer, they wait behind its fetch: a running task's consumer holds a fetch on each
     * source broker for up to {@code fetch.max.wait.ms} (2 s) when nothing is new, and the broker answers one
     * connection's requests in order, so the metadata of a new topic, then its offsets, then its first fetch each
     * waited for one: at 10,000 partitions one more topic's first record reached the target up to 6 s after its
     * task took it up.
     */
    public StartingPositions lookingUpWith(Lookup offsets) {
        return new StartingPositions(policy, duration, offsets);
    }

    /** The user's policy, from the source consumer settings as given (before Tandem sets its own). */
    public static StartingPositions of(Map<String, Object> userConsumerConfig) {
        Object value = userConsumerConfig.getOrDefault(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        if (text.equals("earliest") || text.equals("latest") || text.equals("none")) {
            return new StartingPositions(text, null, null);
        }
        if (text.startsWith(BY_DURATION)) {
            try {
                Duration duration = Duration.parse(String.valueOf(value).trim().substring(BY_DURATION.length()));
                if (!duration.isNegative()) {
                    return new StartingPositions(BY_DURATION, duration, null);
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
     * Positions {@code partitions}, which have no committed offset. {@code earliest} and {@code latest} are looked up
     * now when a {@link Lookup} is given, else (and for partitions it did not answer) take effect at the next poll;
     * with {@code none} they stay without a position and the poll fails, as it would in MirrorMaker 2.
     */
    public void position(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
        position(consumer, partitions, lookUp(partitions), timeout);
    }

    /**
     * The offsets {@code earliest} or {@code latest} puts {@code partitions} at, asked through the {@link Lookup};
     * empty for the other policies, without a lookup, or when it fails (the consumer then finds them). Any thread: a
     * running task asks off its own thread, so the partitions it copies do not wait for the answer.
     */
    public Map<TopicPartition, Long> lookUp(Collection<TopicPartition> partitions) {
        OffsetSpec spec = switch (policy) {
            case "earliest" -> OffsetSpec.earliest();
            case "latest" -> OffsetSpec.latest();
            default -> null;
        };
        if (lookup == null || spec == null || partitions.isEmpty()) {
            return Map.of();
        }
        try {
            return lookup.offsets(partitions, spec);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.debug(
                    "Looking up the offsets of {} partitions failed; the consumer finds them: {}",
                    partitions.size(),
                    e.toString());
            return Map.of();
        }
    }

    /** As {@link #position(Consumer, Collection, Duration)}, with offsets {@link #lookUp} found before. */
    public void position(
            Consumer<?, ?> consumer,
            Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> lookedUp,
            Duration timeout) {
        if (partitions.isEmpty()) {
            return;
        }
        switch (policy) {
            case "earliest" -> seekLookedUp(consumer, partitions, lookedUp, consumer::seekToBeginning);
            case "latest" -> seekLookedUp(consumer, partitions, lookedUp, consumer::seekToEnd);
            case BY_DURATION -> byDuration(consumer, partitions, timeout);
            default -> {
                // none: left to fail at the poll, naming the key
            }
        }
    }

    /** Seeks each partition to its looked-up offset; those the lookup did not answer are left to {@code lazily}. */
    private static void seekLookedUp(
            Consumer<?, ?> consumer,
            Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> found,
            java.util.function.Consumer<Collection<TopicPartition>> lazily) {
        List<TopicPartition> rest = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long offset = found.get(tp);
            if (offset == null || offset < 0) {
                rest.add(tp);
            } else {
                consumer.seek(tp, offset); // no leader epoch: nothing to validate before the first fetch
            }
        }
        if (!rest.isEmpty()) {
            lazily.accept(rest);
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

    /** First or next offsets of source partitions, asked on a connection other than the task consumer's. */
    @FunctionalInterface
    public interface Lookup {
        Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) throws Exception;
    }

    @Override
    public String toString() {
        return duration == null ? policy : BY_DURATION + duration;
    }
}
