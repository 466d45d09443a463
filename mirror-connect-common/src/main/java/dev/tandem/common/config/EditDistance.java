package dev.tandem.common.config;

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from one to another. */
public final class EditDistance {

    private EditDistance() {}

    /**
     * Whether {@code key} is a near-miss of {@code known}, {@code distance} edits away: one edit from a key of 4 or
     * more characters, or two from one of 8 or more. Far more likely a typo than a setting of something else.
     */
    public static boolean isNearMiss(String key, int distance) {
        return distance == 1 && key.length() >= 4 || distance == 2 && key.length() >= 8;
    }

    public static int between(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
