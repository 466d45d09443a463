package dev.tandem.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One finished run of {@code bin/connect-mirror-maker <args>} as a process: exit code, stdout and stderr (kept in files). */
record CliRun(int exit, String stdout, String stderr) {

    private static final long TIMEOUT_SECONDS = 180;

    /** Runs the command, stdout to {@code work/<outName>}, stderr to {@code work/<label>.err}. */
    static CliRun run(Path work, String label, String outName, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(DriverProcess.script().toString());
        command.addAll(args);
        Path out = work.resolve(outName);
        Path err = work.resolve(label + ".err");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("TANDEM_HEAP_OPTS", "-Xmx512m");
        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(label + " (" + String.join(" ", args) + ") did not finish within "
                    + TIMEOUT_SECONDS + " s: " + Files.readString(err));
        }
        return new CliRun(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Both streams, for searching and for failure messages. */
    String output() {
        return stdout + "\n" + stderr;
    }
}
