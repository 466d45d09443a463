package dev.tandem.driver.drill;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What became of one consumer group in a drill, for scripts to branch on ({@code result} in {@code --json}); the
 * sentence beside it ({@code outcome}) is for people and may change wording.
 */
public enum GroupResult {
    /** Planned only: the drill ran without {@code --execute}. */
    PLANNED,
    /** Every partition's offset was committed on the target. */
    COMMITTED,
    /** Some offsets were committed, others could not be translated: its consumers must not start there unchecked. */
    PARTLY_COMMITTED,
    /** Not moved: consumers are connected to the group on the target and {@code --force} was not given. */
    REFUSED,
    /** Not moved: nothing could be translated, or the target refused or did not answer. */
    FAILED;

    /** Moved as a whole: its consumers can start on the target. */
    public boolean moved() {
        return this == COMMITTED;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
