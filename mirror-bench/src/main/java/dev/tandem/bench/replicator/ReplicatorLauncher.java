package dev.tandem.bench.replicator;

import dev.tandem.bench.pipe.PipeReplicator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Starts each replicator the way its users do: MM2 through its {@code MirrorMaker} main class (dedicated mode, what
 * {@code connect-mirror-maker.sh} runs), Tandem through {@code bin/connect-mirror-maker}, the pipe as a plain main.
 * All get the JVM options of Kafka's start scripts, so the JVM is never the difference.
 */
public final class ReplicatorLauncher {

    /** kafka-run-class.sh's heap and GC options for connect-mirror-maker.sh. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms256m",
            "-Xmx2g",
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35",
            "-XX:+ExplicitGCInvokesConcurrent",
            "-Djava.awt.headless=true");

    private final Path tandemHome;
    private final boolean profile;
    private final Map<String, String> tandemProperties;

    /** {@code tandemProperties}: extra mm2.properties keys for Tandem's runs only (empty for its defaults). */
    public ReplicatorLauncher(Path tandemHome, boolean profile, Map<String, String> tandemProperties) {
        this.tandemHome = tandemHome;
        this.profile = profile;
        this.tandemProperties = tandemProperties;
    }

    public ReplicatorProcess start(ReplicatorKind kind, FlowSpec flow, RunFiles files) throws IOException {
        ProcessBuilder builder = switch (kind) {
            case PIPE -> pipe(flow, files);
            case MM2_DEFAULTS -> mirrorMaker(flow, files, Map.of());
            case MM2_TUNED -> mirrorMaker(flow, files, ClientTuning.asMm2Properties(FlowSpec.SOURCE, FlowSpec.TARGET));
            case TANDEM -> tandem(flow, files);
        };
        return ReplicatorProcess.start(builder, files);
    }

    private ProcessBuilder pipe(FlowSpec flow, RunFiles files) throws IOException {
        Properties props = new Properties();
        props.setProperty(PipeReplicator.SOURCE_BOOTSTRAP, flow.sourceBootstrap());
        props.setProperty(PipeReplicator.TARGET_BOOTSTRAP, flow.targetBootstrap());
        props.setProperty(PipeReplicator.TOPICS, String.join(",", flow.topics()));
        props.setProperty(PipeReplicator.PREFIX, FlowSpec.SOURCE + ".");
        try (var out = Files.newBufferedWriter(files.config())) {
            props.store(out, "plain pipe");
        }
        return java(files, PipeReplicator.class.getName(), files.config().toString());
    }

    private ProcessBuilder mirrorMaker(FlowSpec flow, RunFiles files, Map<String, String> tuning) throws IOException {
        Mm2Properties.write(files.config(), flow, tuning);
        return java(
                files,
                "org.apache.kafka.connect.mirror.MirrorMaker",
                files.config().toString(),
                "--clusters",
                FlowSpec.TARGET);
    }

    private ProcessBuilder tandem(FlowSpec flow, RunFiles files) throws IOException {
        Mm2Properties.write(files.config(), flow, tandemProperties);
        Path script = tandemHome.resolve("bin").resolve("connect-mirror-maker");
        ProcessBuilder builder = new ProcessBuilder(
                script.toString(), "--clusters", FlowSpec.TARGET, files.config().toString());
        List<String> heap = JVM_OPTIONS.subList(0, 2);
        List<String> rest = new ArrayList<>(JVM_OPTIONS.subList(2, JVM_OPTIONS.size()));
        rest.addAll(diagnostics(files));
        String extra = System.getenv("BENCH_TANDEM_OPTS"); // e.g. a log4j2 config with Connect's INFO lines
        if (extra != null && !extra.isBlank()) {
            rest.add(extra.trim());
        }
        builder.environment().put("TANDEM_HEAP_OPTS", String.join(" ", heap));
        builder.environment().put("TANDEM_OPTS", String.join(" ", rest));
        return builder;
    }

    private ProcessBuilder java(RunFiles files, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(diagnostics(files));
        command.add("-Dlog4j2.configurationFile=classpath:bench-replicator-log4j2.xml");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private List<String> diagnostics(RunFiles files) {
        List<String> options = new ArrayList<>();
        // Wall-clock time too, to line pauses up with the latency timeline (latency.csv).
        options.add("-Xlog:gc:file=" + files.gcLog() + ":utctime,uptime,level,tags");
        if (profile) {
            options.add("-XX:StartFlightRecording=filename=" + files.flightRecording()
                    + ",settings=profile,dumponexit=true");
        }
        return options;
    }
}
