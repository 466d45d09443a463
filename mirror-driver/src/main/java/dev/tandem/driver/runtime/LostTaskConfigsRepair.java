package dev.tandem.driver.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has Connect write again the task configs of a connector it runs with no task although its configuration asks for
 * tasks. Connect 4.3 marks a connector's task configs inconsistent when its config topic holds a commit record for
 * tasks it did not see written since the previous commit; a network outage while the worker writes the commit can
 * leave it there twice (the retried commit after the first one). The herder then lists no task for the connector,
 * and writes none again, since the connector generates the same configs as before: the connector stays RUNNING and
 * copies nothing, with no error anywhere (seen in NetworkOutageIT on 2026-12-07; Apache Kafka's KAFKA-17719 is about
 * the same state after compaction). Stopping the connector (KIP-875) writes an empty set of task configs, which
 * Connect accepts as complete; resuming it makes the connector write its task configs again.
 *
 * <p>Only connectors this worker runs are repaired, so several driver processes never repair the same one, and only
 * after {@link #GRACE} without a task, so a connector that is still writing its first task configs is left alone.
 */
final class LostTaskConfigsRepair {

    private static final Logger log = LoggerFactory.getLogger(LostTaskConfigsRepair.class);
    static final Duration GRACE = Duration.ofSeconds(30);

    /** What the repair acts through: the worker's REST API, or a fake in tests. */
    interface Repairs {
        void stopConnector(String connector);

        void resumeConnector(String connector);
    }

    /** A connector as the worker's status reports it, with the number of tasks listed. */
    record Seen(String connector, String state, String workerId, int tasks) {}

    private final Repairs repairs;
    private final Predicate<String> asksForTasks;
    private final LongSupplier nanoTime;
    private final UnaryOperator<String> scrub;
    private final Map<String, Long> taskless = new HashMap<>();
    private final Set<String> toResume = new HashSet<>(); // stopped by a repair whose resume failed

    /**
     * {@code asksForTasks} says whether a connector's configuration asks for tasks (false when unknown);
     * {@code scrub} removes the file's secrets from the worker's answers before they are logged.
     */
    LostTaskConfigsRepair(
            Repairs repairs, Predicate<String> asksForTasks, LongSupplier nanoTime, UnaryOperator<String> scrub) {
        this.repairs = repairs;
        this.asksForTasks = asksForTasks;
        this.nanoTime = nanoTime;
        this.scrub = scrub;
    }

    /**
     * Looks at the current states; repairs what ran on {@code ownWorkerId} with no task for {@link #GRACE} while the
     * worker's own cluster answered ({@code clusterAnswers}): while it does not, no task config can be written, so
     * a connector without tasks then is waiting, not lost, and the grace starts over when it answers again. Each
     * connector stopped for a repair is given to {@code repaired}.
     */
    void review(Iterable<Seen> connectors, String ownWorkerId, boolean clusterAnswers, Consumer<String> repaired) {
        if (!clusterAnswers) {
            taskless.clear();
            return;
        }
        toResume.removeIf(this::resumed);
        long now = nanoTime.getAsLong();
        Set<String> tasklessNow = new HashSet<>();
        for (Seen seen : connectors) {
            if (!"RUNNING".equals(seen.state())
                    || seen.tasks() > 0
                    || !ownWorkerId.equals(seen.workerId())
                    || !asksForTasks.test(seen.connector())) {
                continue;
            }
            tasklessNow.add(seen.connector());
            Long since = taskless.putIfAbsent(seen.connector(), now);
            if (since != null && now - since >= GRACE.toNanos()) {
                if (repair(seen.connector())) {
                    repaired.accept(seen.connector());
                }
                taskless.put(seen.connector(), now);
            }
        }
        taskless.keySet().retainAll(tasklessNow);
    }

    /** True when the connector was stopped (and resumed, or to be resumed at the next look). */
    private boolean repair(String connector) {
        log.warn(
                "{} has run for {} s with no task although its configuration asks for tasks: Connect lost its task"
                        + " configs (as after a network outage while they were written) and copies nothing for it."
                        + " Stopping and resuming it so that they are written again",
                connector,
                GRACE.toSeconds());
        try {
            repairs.stopConnector(connector);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not stop {} (tried again in {} s): {}",
                    connector,
                    GRACE.toSeconds(),
                    scrub.apply(e.getMessage()));
            return false;
        }
        if (!resumed(connector)) {
            toResume.add(connector);
        }
        return true;
    }

    /** Resumes a connector this repair stopped; false (and said) when the worker refused, to try at the next look. */
    private boolean resumed(String connector) {
        try {
            repairs.resumeConnector(connector);
            return true;
        } catch (RuntimeException e) {
            log.warn(
                    "Could not resume {} after stopping it (tried again at the next look): {}",
                    connector,
                    scrub.apply(e.getMessage()));
            return false;
        }
    }
}
