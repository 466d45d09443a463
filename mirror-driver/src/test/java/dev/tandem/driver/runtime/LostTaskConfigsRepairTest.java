package dev.tandem.driver.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.driver.runtime.LostTaskConfigsRepair.Seen;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LostTaskConfigsRepairTest {

    private static final String SELF = "127.0.0.1:8083";
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> calls = new ArrayList<>();
    private final List<String> repaired = new ArrayList<>();
    private final AtomicBoolean refuseResume = new AtomicBoolean();
    private final LostTaskConfigsRepair repair = new LostTaskConfigsRepair(
            new LostTaskConfigsRepair.Repairs() {
                @Override
                public void stopConnector(String connector) {
                    calls.add("stop " + connector);
                }

                @Override
                public void resumeConnector(String connector) {
                    if (refuseResume.get()) {
                        throw new IllegalStateException("the worker answered PUT /connectors/x/resume with 503");
                    }
                    calls.add("resume " + connector);
                }
            },
            Set.of("B->A.heartbeat", "A->B.source")::contains,
            now::get,
            text -> text);

    @Test
    void shouldStopAndResumeAConnectorRunningHereWithNoTaskForTheGrace() {
        List<Seen> taskless = List.of(new Seen("B->A.heartbeat", "RUNNING", SELF, 0));

        repair.review(taskless, SELF, true, repaired::add);
        advance(LostTaskConfigsRepair.GRACE.minusSeconds(1));
        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(List.of(), calls, "a connector may still be writing its first task configs");

        advance(Duration.ofSeconds(1));
        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(List.of("stop B->A.heartbeat", "resume B->A.heartbeat"), calls, "stopped, then resumed");
        assertEquals(List.of("B->A.heartbeat"), repaired, "counted");

        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(2, calls.size(), "the next repair waits a whole grace again");
        advance(LostTaskConfigsRepair.GRACE);
        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(4, calls.size(), "repaired again while it still has no task");
    }

    @Test
    void shouldStartTheGraceOverWhenTheWorkersClusterAnswersAgain() {
        List<Seen> taskless = List.of(new Seen("B->A.heartbeat", "RUNNING", SELF, 0));
        repair.review(taskless, SELF, true, repaired::add);
        advance(Duration.ofSeconds(20));
        repair.review(taskless, SELF, false, repaired::add);
        advance(Duration.ofSeconds(60));
        repair.review(taskless, SELF, false, repaired::add);
        assertEquals(List.of(), calls, "no task config can be written while the cluster does not answer");
        repair.review(taskless, SELF, true, repaired::add);
        advance(LostTaskConfigsRepair.GRACE.minusSeconds(1));
        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(List.of(), calls, "the grace counts from when it answers again");
        advance(Duration.ofSeconds(1));
        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(List.of("stop B->A.heartbeat", "resume B->A.heartbeat"), calls);
    }

    @Test
    void shouldForgetAConnectorOnceItHasTasks() {
        repair.review(List.of(new Seen("A->B.source", "RUNNING", SELF, 0)), SELF, true, repaired::add);
        advance(Duration.ofSeconds(20));
        repair.review(List.of(new Seen("A->B.source", "RUNNING", SELF, 1)), SELF, true, repaired::add);
        repair.review(List.of(new Seen("A->B.source", "RUNNING", SELF, 0)), SELF, true, repaired::add);
        advance(Duration.ofSeconds(20));
        repair.review(List.of(new Seen("A->B.source", "RUNNING", SELF, 0)), SELF, true, repaired::add);
        assertEquals(List.of(), calls, "the grace starts over after the connector had a task");
    }

    @Test
    void shouldLeaveConnectorsOfOtherWorkersNotRunningOrAskingForNoTask() {
        List<Seen> others = List.of(
                new Seen("B->A.heartbeat", "RUNNING", "127.0.0.1:9999", 0),
                new Seen("A->B.source", "PAUSED", SELF, 0),
                new Seen("A->B.checkpoint", "RUNNING", SELF, 0));
        repair.review(others, SELF, true, repaired::add);
        advance(Duration.ofMinutes(5));
        repair.review(others, SELF, true, repaired::add);
        assertEquals(List.of(), calls);
    }

    @Test
    void shouldResumeAtTheNextLookAConnectorWhoseResumeWasRefused() {
        List<Seen> taskless = List.of(new Seen("A->B.source", "RUNNING", SELF, 0));
        repair.review(taskless, SELF, true, repaired::add);
        advance(LostTaskConfigsRepair.GRACE);
        refuseResume.set(true);
        repair.review(taskless, SELF, true, repaired::add);
        assertEquals(List.of("stop A->B.source"), calls);
        assertEquals(List.of("A->B.source"), repaired, "stopped: counted, the resume follows");

        // Stopped now, so no longer RUNNING: only the pending resume brings it back.
        List<Seen> stopped = List.of(new Seen("A->B.source", "STOPPED", SELF, 0));
        repair.review(stopped, SELF, true, repaired::add);
        assertEquals(List.of("stop A->B.source"), calls, "refused again");
        refuseResume.set(false);
        repair.review(stopped, SELF, true, repaired::add);
        assertEquals(List.of("stop A->B.source", "resume A->B.source"), calls);
        repair.review(stopped, SELF, true, repaired::add);
        assertEquals(2, calls.size(), "resumed once");
    }

    @Test
    void shouldAskForTasksOnlyWhereTheConnectorsWouldRunThem() {
        Map<String, String> flow = Map.of(
                "source.cluster.alias", "A",
                "target.cluster.alias", "B",
                "source.cluster.bootstrap.servers", "127.0.0.1:1",
                "target.cluster.bootstrap.servers", "127.0.0.1:2");
        assertTrue(AsksForTasks.of(with(flow, "dev.tandem.source.MirrorSourceConnector")));
        assertTrue(AsksForTasks.of(with(flow, "dev.tandem.heartbeat.MirrorHeartbeatConnector")));
        assertFalse(AsksForTasks.of(
                with(flow, "dev.tandem.heartbeat.MirrorHeartbeatConnector", "emit.heartbeats.enabled", "false")));
        assertTrue(AsksForTasks.of(with(flow, "dev.tandem.checkpoint.MirrorCheckpointConnector")));
        assertFalse(AsksForTasks.of(with(
                flow,
                "dev.tandem.checkpoint.MirrorCheckpointConnector",
                "emit.checkpoints.enabled",
                "false",
                "sync.group.offsets.enabled",
                "false")));
        assertFalse(AsksForTasks.of(with(flow, "org.example.SomeoneElsesConnector")));
    }

    private static Map<String, String> with(Map<String, String> flow, String type, String... more) {
        Map<String, String> config = new java.util.HashMap<>(flow);
        config.put("connector.class", type);
        for (int i = 0; i < more.length; i += 2) {
            config.put(more[i], more[i + 1]);
        }
        return config;
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }
}
