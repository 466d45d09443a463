package dev.tandem.testkit.prometheus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds Prometheus's binaries ({@code prometheus}, {@code promtool}): in {@code -Dtandem.prometheus.home} if set,
 * else on the PATH. Missing ones fail the test with how to install them, never skip it.
 */
public final class Binaries {

    private Binaries() {}

    public static Path prometheus() {
        return find("prometheus");
    }

    public static Path promtool() {
        return find("promtool");
    }

    /** Runs promtool with {@code args} in {@code dir}; its exit code and output. */
    public static ToolRun promtool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(promtool().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not end within 60 s");
        }
        return new ToolRun(process.exitValue(), output);
    }

    /** How a tool run ended. */
    public record ToolRun(int exitCode, String output) {}

    private static Path find(String name) {
        String home = System.getProperty("tandem.prometheus.home", "");
        List<Path> candidates = new ArrayList<>();
        if (!home.isBlank()) {
            candidates.add(Path.of(home, name));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isBlank()) {
                candidates.add(Path.of(dir, name));
            }
        }
        return candidates.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " not found on the PATH"
                        + (home.isBlank() ? "" : " nor in -Dtandem.prometheus.home=" + home)
                        + ": install Prometheus (Debian: apt-get install prometheus, which brings promtool), as"
                        + " .ci/run does, or point -Dtandem.prometheus.home at a directory holding " + name));
    }
}
