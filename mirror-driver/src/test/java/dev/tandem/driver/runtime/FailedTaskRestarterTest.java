package dev.tandem.driver.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.driver.runtime.FailedTaskRestarter.Unit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedTaskRestarterTest {

    private static final String SELF = "127.0.0.1:8083";
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> restarted = new ArrayList<>();
    private final FailedTaskRestarter restarter = new FailedTaskRestarter(
            new FailedTaskRestarter.Restarts() {
                @Override
                public void restartConnector(String connector) {
                    restarted.add(connector);
                }

                @Override
                public void restartTask(String connector, int task) {
                    restarted.add(connector + "-" + task);
                }
            },
            now::get,
            text -> text);

    @Test
    void shouldRestartAFailedTaskAfterAPauseThatGrowsUntilItRuns() {
        List<Unit> failed = List.of(task(0, "FAILED", SELF), task(1, "RUNNING", SELF));

        restarter.review(failed, SELF);
        assertEquals(List.of(), restarted, "not at once: the first pause comes first");
        advance(Duration.ofSeconds(9));
        restarter.review(failed, SELF);
        assertEquals(List.of(), restarted, "9 s is still inside the first pause");
        advance(Duration.ofSeconds(1));
        restarter.review(failed, SELF);
        assertEquals(List.of("A->B.source-0"), restarted, "restarted after 10 s");

        advance(Duration.ofSeconds(19));
        restarter.review(failed, SELF);
        assertEquals(1, restarted.size(), "the second pause is 20 s");
        advance(Duration.ofSeconds(1));
        restarter.review(failed, SELF);
        assertEquals(2, restarted.size(), "restarted again after 20 s");

        restarter.review(List.of(task(0, "RUNNING", SELF)), SELF);
        restarter.review(failed, SELF);
        advance(Duration.ofSeconds(10));
        restarter.review(failed, SELF);
        assertEquals(3, restarted.size(), "once it ran, a new failure starts from the first pause");
    }

    @Test
    void shouldLeaveTasksOfOtherWorkersAndRestartAFailedConnector() {
        List<Unit> units = List.of(
                task(0, "FAILED", "127.0.0.1:9999"),
                new Unit(
                        "A->B.checkpoint",
                        Unit.CONNECTOR,
                        "FAILED",
                        SELF,
                        "org.apache.kafka.connect.errors.ConnectException: x\n\tat y"));
        restarter.review(units, SELF);
        advance(Duration.ofSeconds(10));
        restarter.review(units, SELF);
        assertEquals(
                List.of("A->B.checkpoint"),
                restarted,
                "the worker running a task restarts it; this one restarts only its own");
    }

    @Test
    void shouldCapThePauseAtFiveMinutes() {
        assertEquals(Duration.ofSeconds(20), FailedTaskRestarter.pauseAfter(1));
        assertEquals(Duration.ofSeconds(160), FailedTaskRestarter.pauseAfter(4));
        assertEquals(Duration.ofMinutes(5), FailedTaskRestarter.pauseAfter(5));
        assertEquals(Duration.ofMinutes(5), FailedTaskRestarter.pauseAfter(1_000));
    }

    private static Unit task(int id, String state, String worker) {
        return new Unit(
                "A->B.source",
                id,
                state,
                worker,
                "org.apache.kafka.connect.errors.ConnectException: fencing timed out");
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
