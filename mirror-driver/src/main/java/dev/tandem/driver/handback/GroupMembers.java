package dev.tandem.driver.handback;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ClassicGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Whether a Connect worker group has members: a hand-back while Tandem's (or MM2's) workers still run would be
 * overtaken by their next offset commit.
 */
final class GroupMembers {

    private GroupMembers() {}

    /** How many members the Connect group {@code groupId} has (0 when it does not exist); empty when unknown. */
    static Optional<Integer> count(Admin admin, String groupId, Duration timeout) {
        try {
            ClassicGroupDescription group = admin.describeClassicGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.of(group.members().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.of(0);
            }
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (java.util.concurrent.TimeoutException e) {
            return Optional.empty();
        }
    }
}
