package dev.tandem.driver.config;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in a configuration file; nothing has been started when this is thrown. */
public final class InvalidConfigException extends RuntimeException {

    private final String source;
    private final List<ConfigProblem> problems;

    public InvalidConfigException(String source, List<ConfigProblem> problems) {
        super("Invalid configuration in " + source + ", " + problems.size() + " problem(s):\n  "
                + problems.stream().sorted().map(ConfigProblem::toString).collect(Collectors.joining("\n  ")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
