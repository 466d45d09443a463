package dev.tandem.driver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Apache Kafka 4.3.1's own MirrorMaker 2 in dedicated mode ({@code org.apache.kafka.connect.mirror.MirrorMaker}, what
 * {@code connect-mirror-maker.sh} runs) as a real process, on the class path of a Kafka 4.3.1 distribution's libs.
 */
final class MirrorMaker2Process implements AutoCloseable {

    private final Process process;
    private final Path output;

    private MirrorMaker2Process(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static MirrorMaker2Process start(Path config, Path output) throws IOException {
        Path lib = Path.of(System.getProperty("tandem.worker.lib.4.3"));
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dlog4j2.configurationFile=" + logConfig(output),
                "-cp",
                lib.toAbsolutePath() + "/*",
                "org.apache.kafka.connect.mirror.MirrorMaker",
                config.toString());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new MirrorMaker2Process(process, output);
    }

    /** Connect's INFO lines, and MM2's own at DEBUG: what it translated, and why not. */
    private static String logConfig(Path output) throws IOException {
        Path config = output.resolveSibling(output.getFileName() + ".log4j2.properties");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "rootLogger.level = INFO",
                        "rootLogger.appenderRef.out.ref = out",
                        "appender.out.type = Console",
                        "appender.out.name = out",
                        "appender.out.layout.type = PatternLayout",
                        "appender.out.layout.pattern = %d{HH:mm:ss.SSS} %-5p [%t] %c{1} - %m%n",
                        "logger.mirror.name = org.apache.kafka.connect.mirror",
                        "logger.mirror.level = DEBUG",
                        ""));
        return config.toString();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(output, StandardCharsets.UTF_8);
    }

    /** SIGTERM, as an operator stopping MM2 would: its tasks commit their last offsets on the way out. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("MirrorMaker 2 did not stop within 90 s of SIGTERM");
        }
        return process.exitValue();
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
