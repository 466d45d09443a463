package dev.tandem.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code bin/connect-mirror-maker} started as a real process, output to a file; always stopped by {@link #close()}. */
final class DriverProcess implements AutoCloseable {

    private final Process process;
    private final Path output;

    private DriverProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** {@code bin/connect-mirror-maker} of the build under test (tests run in a module folder). */
    static Path script() {
        return Path.of(System.getProperty("user.dir")).getParent().resolve("bin/connect-mirror-maker");
    }

    static DriverProcess start(Path config, Path output, String... extraArgs) throws IOException {
        return start(config, output, java.util.Map.of(), extraArgs);
    }

    /** Started with {@code environment} added to the test's own (CLASSPATH, say). */
    static DriverProcess start(Path config, Path output, java.util.Map<String, String> environment, String... extraArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(extraArgs));
        command.add(config.toString());
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("TANDEM_HEAP_OPTS", "-Xmx1g");
        builder.environment().putAll(environment);
        return new DriverProcess(builder.start(), output);
    }

    /** Waits until the driver printed that a worker runs for each of {@code targets}. */
    DriverProcess awaitStarted(java.time.Duration timeout, String... targets) {
        dev.tandem.testkit.Await.until("the driver started workers for " + String.join(", ", targets), timeout, () -> {
            if (!process.isAlive()) {
                throw new AssertionError("the driver exited with " + process.exitValue() + ":\n" + output());
            }
            String out = output();
            return Arrays.stream(targets).allMatch(t -> out.contains("worker for " + t + " at "));
        });
        return this;
    }

    /** The base URL of {@code /metrics}, {@code /health} and {@code /status}, as the driver printed it at start-up. */
    String httpBase() throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("metrics at (https?://\\S+/)metrics")
                .matcher(output());
        if (!m.find()) {
            throw new AssertionError("no metrics URL in the output:\n" + output());
        }
        return m.group(1);
    }

    /** The REST URL of this process's worker for {@code target}, as it printed at start-up. */
    java.net.URI workerUrl(String target) throws IOException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("worker for " + target + " at (https?://\\S+)")
                .matcher(output());
        if (!m.find()) {
            throw new AssertionError("no worker for " + target + " in the output:\n" + output());
        }
        return java.net.URI.create(m.group(1));
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended; fails while it still runs. */
    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, as systemd or Ctrl-C would; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            Path dump = output.resolveSibling(output.getFileName() + ".threads.txt");
            try {
                new ProcessBuilder("jstack", Long.toString(process.pid()))
                        .redirectErrorStream(true)
                        .redirectOutput(dump.toFile())
                        .start()
                        .waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // diagnostics only
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    "the driver did not stop within 60 s of SIGTERM; threads in " + dump.toAbsolutePath());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
