package dev.tandem.bench.replicator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The folder of one replicator start (a stage of a bench run, or the soak): its config, console log and GC log, and
 * the copy or latency timeline measured while it ran.
 */
public record RunFiles(Path dir) {

    public static RunFiles create(Path parent, String runId) {
        Path dir = parent.resolve(runId);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunFiles(dir);
    }

    public Path config() {
        return dir.resolve("replicator.properties");
    }

    public Path log() {
        return dir.resolve("replicator.log");
    }

    public Path gcLog() {
        return dir.resolve("gc.log");
    }

    public Path latencyTimeline() {
        return dir.resolve("latency.csv");
    }

    public Path copyTimeline() {
        return dir.resolve("copy.csv");
    }

    public Path flightRecording() {
        return dir.resolve("replicator.jfr");
    }

    /** The last lines of the replicator's log, for an error message that says what went wrong. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log());
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log() + ")";
        }
    }
}
