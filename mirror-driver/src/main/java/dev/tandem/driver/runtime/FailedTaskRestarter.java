package dev.tandem.driver.runtime;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts the FAILED connectors and tasks of one worker, with a growing pause between attempts per task (10 s,
 * 20 s, 40 s ... at most 5 minutes), and starts over once a task runs again. Connect itself never restarts a failed
 * task, and in a dedicated MirrorMaker there is no one to call its REST API: a task that failed on a passing
 * problem (a fencing round that timed out while the target came back, a broker that refused a request during a
 * restart) would stay FAILED until the process was restarted. Only the tasks this worker runs are restarted, so
 * several driver processes never restart the same task.
 */
final class FailedTaskRestarter {

    private static final Logger log = LoggerFactory.getLogger(FailedTaskRestarter.class);
    static final Duration FIRST_PAUSE = Duration.ofSeconds(10);
    static final Duration MAX_PAUSE = Duration.ofMinutes(5);

    /** What the restarter acts through: the worker's REST API, or a fake in tests. */
    interface Restarts {
        void restartConnector(String connector);

        void restartTask(String connector, int task);
    }

    /** One connector or task as the worker's status reports it. */
    record Unit(String connector, int task, String state, String workerId, String trace) {

        static final int CONNECTOR = -1;

        String id() {
            return task == CONNECTOR ? connector : connector + "-" + task;
        }
    }

    private record Attempts(int count, long nextNanos) {}

    private final Restarts restarts;
    private final LongSupplier nanoTime;
    private final UnaryOperator<String> scrub;
    private final Map<String, Attempts> attempts = new HashMap<>();

    FailedTaskRestarter(Restarts restarts, LongSupplier nanoTime, UnaryOperator<String> scrub) {
        this.restarts = restarts;
        this.nanoTime = nanoTime;
        this.scrub = scrub;
    }

    /** Looks at the current states; restarts what failed on {@code ownWorkerId} once its pause is over. */
    void review(Iterable<Unit> units, String ownWorkerId) {
        long now = nanoTime.getAsLong();
        Set<String> failedNow = new HashSet<>();
        for (Unit unit : units) {
            if (!"FAILED".equals(unit.state()) || !ownWorkerId.equals(unit.workerId())) {
                continue;
            }
            failedNow.add(unit.id());
            Attempts previous = attempts.get(unit.id());
            if (previous == null) {
                log.warn(
                        "{} FAILED on this worker: {}. Restarting it in {} s",
                        unit.id(),
                        scrub.apply(firstLine(unit.trace())),
                        FIRST_PAUSE.toSeconds());
                attempts.put(unit.id(), new Attempts(0, now + FIRST_PAUSE.toNanos()));
            } else if (now - previous.nextNanos() >= 0) {
                Duration pause = pauseAfter(previous.count() + 1);
                log.warn(
                        "Restarting {} (attempt {}); if it fails again, the next attempt is in {} s",
                        unit.id(),
                        previous.count() + 1,
                        pause.toSeconds());
                try {
                    if (unit.task() == Unit.CONNECTOR) {
                        restarts.restartConnector(unit.connector());
                    } else {
                        restarts.restartTask(unit.connector(), unit.task());
                    }
                } catch (RuntimeException e) {
                    log.warn("Could not restart {}: {}", unit.id(), scrub.apply(e.getMessage()));
                }
                attempts.put(unit.id(), new Attempts(previous.count() + 1, now + pause.toNanos()));
            }
        }
        // A unit that runs again (or moved to another worker) starts from the first pause if it fails later.
        attempts.keySet().retainAll(failedNow);
    }

    static Duration pauseAfter(int attempt) {
        long seconds = FIRST_PAUSE.toSeconds() << Math.min(attempt, 10);
        return Duration.ofSeconds(Math.min(seconds, MAX_PAUSE.toSeconds()));
    }

    private static String firstLine(String trace) {
        if (trace == null || trace.isBlank()) {
            return "no reason given";
        }
        int end = trace.indexOf('\n');
        return end < 0 ? trace : trace.substring(0, end);
    }
}
