package dev.tandem.driver.config;

/** One thing wrong with a configuration file: the key as written in the file, and what is wrong and how to fix it. */
public record ConfigProblem(String key, String message) implements Comparable<ConfigProblem> {

    @Override
    public int compareTo(ConfigProblem other) {
        int byKey = key.compareTo(other.key);
        return byKey != 0 ? byKey : message.compareTo(other.message);
    }

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
