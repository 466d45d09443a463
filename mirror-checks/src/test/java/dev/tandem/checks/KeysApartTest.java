package dev.tandem.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.checkpoint.MirrorCheckpointConnector;
import dev.tandem.common.config.EditDistance;
import dev.tandem.driver.config.DriverSettings;
import dev.tandem.heartbeat.MirrorHeartbeatConnector;
import dev.tandem.source.MirrorSourceConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The driver hands every connector of a flow the flow's keys, and a key one or two edits from a connector's own key
 * is refused as a typo. So no key of one connector (or of the driver) may be a near-miss of another connector's key;
 * a new key that is would make every configuration using it fail.
 */
class KeysApartTest {

    @Test
    void shouldKeepEveryKeyClearOfTheOtherConnectorsKeys() {
        List<Set<String>> connectors = List.of(
                new MirrorSourceConnector().config().names(),
                new MirrorCheckpointConnector().config().names(),
                new MirrorHeartbeatConnector().config().names());
        Set<String> all = new TreeSet<>(DriverSettings.keys());
        connectors.forEach(all::addAll);
        List<String> clashes = new ArrayList<>();
        for (Set<String> own : connectors) {
            for (String key : all) {
                if (own.contains(key)) {
                    continue;
                }
                for (String known : own) {
                    if (EditDistance.isNearMiss(key, EditDistance.between(key, known))) {
                        clashes.add(key + " ~ " + known);
                    }
                }
            }
        }
        assertEquals(List.of(), clashes);
    }
}
