package dev.tandem.bench.scale;

import dev.tandem.bench.GitCommit;
import dev.tandem.bench.replicator.ReplicatorKind;
import dev.tandem.bench.replicator.ReplicatorLauncher;
import dev.tandem.testkit.kafka.KafkaClusterProcess;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The scale command ({@code mvn -pl mirror-bench exec:exec@scale}): thousands of topics and groups, small records,
 * and what that costs each replicator: how long until the topics exist, everything is copied and every group is
 * translated exactly; how big a task config gets; what the replicator spends when idle; and whether new topics stall
 * the running copy. One source cluster A holds the data set, written once; each replicator gets a fresh target B.
 * Prints a markdown table and appends it to {@code <scale.out>/scale.md}.
 */
public final class ScaleMain {

    private ScaleMain() {}

    public static void main(String[] args) throws Exception {
        ScaleSettings settings = ScaleSettings.fromSystemProperties();
        // A replicator JVM must never outlive the command, even on Ctrl-C.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
        ScaleDataSet data = new ScaleDataSet(settings);
        String header = ScaleReport.header(settings, GitCommit.shortHash(settings.tandemHome()));
        System.out.println(header);
        HostLimits.warnings((long) settings.topics() * settings.partitions()).forEach(System.out::println);
        // The driver's /metrics listener takes a random port: its default 9464 may be taken by another driver on
        // this machine. It changes nothing in how Tandem replicates.
        ReplicatorLauncher launcher = new ReplicatorLauncher(
                settings.tandemHome(), settings.profile(), Map.of("http.listener", "127.0.0.1:0"));
        List<ScaleFigures> columns = new ArrayList<>();
        try (KafkaClusterProcess source = ScaleClusters.start("A");
                KafkaTestClient onA = new KafkaTestClient(source)) {
            System.out.println("Writing the data set to A ...");
            new SourcePrefill(onA.admin(), source.bootstrapServers(), data).write();
            ScaleRun run = new ScaleRun(settings, data, source, onA, launcher);
            for (ReplicatorKind kind : settings.replicators()) {
                columns.add(run.run(kind));
            }
        }
        String report = ScaleReport.render(header, columns, settings);
        Path file = ScaleReport.append(settings.out(), report);
        System.out.println();
        System.out.println(report);
        System.out.println("Appended to " + file);
        // Clients' and brokers' leftover threads would keep the JVM up; every cluster is closed by now.
        System.exit(columns.stream().anyMatch(c -> c.failure().isPresent()) ? 1 : 0);
    }
}
