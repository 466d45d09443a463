package dev.tandem.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.common.config.SecretMasking;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.InvalidConfigException;
import dev.tandem.driver.drill.DrillReport;
import dev.tandem.driver.drill.DrillRequest;
import dev.tandem.driver.drill.DrillText;
import dev.tandem.driver.drill.FailoverDrill;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code connect-mirror-maker drill CONFIG --from A --to B [--groups REGEX] [--topics REGEX] [--verify]
 * [--execute [--force]] [--json] [--timeout SECONDS]}. The report goes to stdout (text, or JSON with --json),
 * progress to stderr. Exit code 0 when everything asked for succeeded, 1 when something was refused, failed or did
 * not match, 2 for a bad command line or config.
 */
final class DrillCommand {

    static final String USAGE = """
            Usage: connect-mirror-maker drill CONFIG --from A --to B [--groups REGEX] [--topics REGEX] [--verify]
                                              [--execute [--force]] [--json] [--timeout SECONDS]
              --from, --to  move the consumer groups of cluster A to cluster B (the flow A->B must be enabled)
              --groups      only groups matching this regex (the flow's groups/groups.exclude still apply)
              --topics      only topics matching this regex (names as on A)
              --verify      compare record count and a checksum of key, value and headers on A and on B
              --execute     commit the translated offsets into B's groups (default: plan only, change nothing)
              --force       with --execute: also move groups with consumers connected on B (they are removed first)
              --json        the report as JSON on stdout
              --timeout     seconds to wait for a cluster to answer (default 15)
            """;

    private DrillCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return ConnectMirrorMaker.OK;
        }
        DrillArguments parsed;
        try {
            parsed = DrillArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return ConnectMirrorMaker.INVALID;
        }
        DriverConfig config;
        try {
            config = DriverConfig.load(parsed.config(), Set.of());
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return ConnectMirrorMaker.INVALID;
        }
        DrillReport report;
        try {
            report = FailoverDrill.run(config.mm2(), parsed.request(), err);
        } catch (IllegalArgumentException e) {
            err.println(SecretMasking.scrub(e.getMessage(), config.mm2().raw()));
            return ConnectMirrorMaker.INVALID;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectMirrorMaker.FAILED;
        } catch (Exception e) {
            err.println("The drill stopped: "
                    + SecretMasking.scrub(e.getMessage(), config.mm2().raw())
                    + ". Nothing was committed after this point; check that "
                    + parsed.request().to() + " is reachable and run it again.");
            return ConnectMirrorMaker.FAILED;
        }
        if (parsed.json()) {
            try {
                out.println(new ObjectMapper()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(report));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                err.println("Cannot write the report as JSON: " + e.getMessage());
                return ConnectMirrorMaker.FAILED;
            }
        } else {
            DrillText.print(report, out);
        }
        return report.exitCode();
    }

    /** The parsed command line of {@code drill}. */
    record DrillArguments(Path config, DrillRequest request, boolean json) {

        static DrillArguments parse(List<String> args) {
            String from = null;
            String to = null;
            Pattern groups = null;
            Pattern topics = null;
            boolean verify = false;
            boolean execute = false;
            boolean force = false;
            boolean json = false;
            long timeout = 15;
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                switch (arg) {
                    case "--from" -> from = value(args, ++i, arg);
                    case "--to" -> to = value(args, ++i, arg);
                    case "--groups" -> groups = regex(value(args, ++i, arg), arg);
                    case "--topics" -> topics = regex(value(args, ++i, arg), arg);
                    case "--verify" -> verify = true;
                    case "--execute" -> execute = true;
                    case "--force" -> force = true;
                    case "--json" -> json = true;
                    case "--timeout" -> timeout = seconds(value(args, ++i, arg));
                    default -> {
                        if (arg.startsWith("-")) {
                            throw new IllegalArgumentException("Unknown option " + arg);
                        }
                        positional.add(arg);
                    }
                }
            }
            if (positional.size() != 1) {
                throw new IllegalArgumentException(
                        positional.isEmpty()
                                ? "Missing CONFIG: the mm2.properties file of the flows"
                                : "Expected one CONFIG file, got " + positional);
            }
            if (from == null || to == null) {
                throw new IllegalArgumentException("Missing " + (from == null ? "--from" : "--to")
                        + ": the drill moves groups" + " from one cluster alias to another, e.g. --from A --to B");
            }
            if (from.equals(to)) {
                throw new IllegalArgumentException("--from and --to are both " + from + "; name two clusters");
            }
            if (force && !execute) {
                throw new IllegalArgumentException("--force only means something with --execute");
            }
            return new DrillArguments(
                    Path.of(positional.get(0)),
                    new DrillRequest(from, to, groups, topics, verify, execute, force, Duration.ofSeconds(timeout)),
                    json);
        }

        private static String value(List<String> args, int i, String option) {
            if (i >= args.size() || args.get(i).startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args.get(i);
        }

        private static Pattern regex(String value, String option) {
            try {
                return Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        option + " " + value + " is not a valid regex: " + e.getDescription());
            }
        }

        private static long seconds(String value) {
            try {
                long seconds = Long.parseLong(value);
                if (seconds > 0) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("--timeout " + value + " is not a positive number of seconds");
        }
    }
}
