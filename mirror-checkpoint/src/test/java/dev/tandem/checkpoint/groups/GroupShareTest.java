package dev.tandem.checkpoint.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GroupShareTest {

    @Test
    void shouldGiveEveryGroupToExactlyOneTaskAndTheSameOneEveryTime() {
        for (int g = 0; g < 1_000; g++) {
            String group = "consumer-group-" + g;
            int owners = 0;
            for (int task = 0; task < 4; task++) {
                if (new GroupShare(task, 4).owns(group)) {
                    owners++;
                    assertEquals(task, GroupShare.taskOf(group, 4));
                }
            }
            assertEquals(1, owners, group);
        }
    }

    @Test
    void shouldSpreadAThousandGroupsOverFourTasksWithinFifteenPercent() {
        int[] load = new int[4];
        for (int g = 0; g < 1_000; g++) {
            load[GroupShare.taskOf("consumer-group-" + g, 4)]++;
        }
        for (int l : load) {
            assertTrue(l >= 212 && l <= 288, Arrays.toString(load));
        }
    }

    @Test
    void shouldRefuseATaskOutsideTheCount() {
        assertThrows(IllegalArgumentException.class, () -> new GroupShare(2, 2));
        assertThrows(IllegalArgumentException.class, () -> new GroupShare(0, 0));
    }
}
