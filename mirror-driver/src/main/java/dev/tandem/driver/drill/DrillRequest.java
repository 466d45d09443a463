package dev.tandem.driver.drill;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a drill is asked to do: move the consumer groups of cluster {@code from} to cluster {@code to}. Without
 * {@code execute} it only plans; {@code groups} and {@code topics}, when set, narrow the flow's own filters.
 */
public record DrillRequest(
        String from,
        String to,
        Pattern groups,
        Pattern topics,
        boolean verify,
        boolean execute,
        boolean force,
        Duration timeout) {

    public boolean wantsGroup(String group) {
        return groups == null || groups.matcher(group).matches();
    }

    public boolean wantsTopic(String topic) {
        return topics == null || topics.matcher(topic).matches();
    }
}
