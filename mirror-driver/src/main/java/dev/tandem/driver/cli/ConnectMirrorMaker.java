package dev.tandem.driver.cli;

import dev.tandem.common.config.SecretMasking;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.InvalidConfigException;
import dev.tandem.driver.runtime.MirrorMakerRuntime;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code connect-mirror-maker [--clusters B,...] CONFIG}: runs the flows of an mm2.properties (or HOCON .conf) file
 * on embedded Kafka Connect workers, one per target cluster, until SIGTERM or Ctrl-C.
 *
 * <p>Exit codes: 0 after a clean stop, 1 when running failed, 2 when the command line or the configuration is invalid
 * (nothing was started).
 */
public final class ConnectMirrorMaker {

    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID = 2;

    private static final String USAGE = """
            Usage: connect-mirror-maker [--clusters B,...] CONFIG
                   connect-mirror-maker status CONFIG [--json] [--url http://host:port/]
                   connect-mirror-maker drill CONFIG --from A --to B [--groups REGEX] [--topics REGEX] [--verify]
                                              [--execute [--force]] [--json] [--timeout SECONDS]
                   connect-mirror-maker handback-to-mm2 CONFIG [--clusters B,...] [--execute]
              CONFIG       an mm2.properties file, or a HOCON .conf file (same keys, ${?ENV} substitution)
              --clusters   run only the workers of these target clusters (the others run elsewhere)
              status       per flow: connector and task states, lag, newest checkpoint and heartbeat, from the
                           driver running with CONFIG (at its http.listener)
              drill        failover/failback rehearsal: what moving A's consumer groups to B would lose or re-read,
                           and with --execute, do it (see: connect-mirror-maker drill --help)
              handback-to-mm2  after stopping Tandem: let MirrorMaker 2, started with CONFIG, resume where Tandem
                           stopped (see: connect-mirror-maker handback-to-mm2 --help)
            """;

    private ConnectMirrorMaker() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs the command; returns its exit code. Blocks while the driver runs. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("status")) {
            return StatusCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("drill")) {
            return DrillCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        if (args.length > 0 && args[0].equals("handback-to-mm2")) {
            return HandBackCommand.run(List.of(args).subList(1, args.length), out, err);
        }
        Arguments parsed;
        try {
            parsed = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return INVALID;
        }
        DriverConfig config;
        try {
            config = DriverConfig.load(parsed.config(), parsed.clusters());
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            err.println("Nothing was started. Fix the keys above and run again.");
            return INVALID;
        }
        config.ignoredKeys().forEach(ignored -> err.println("Warning: " + ignored));
        try (MirrorMakerRuntime runtime = MirrorMakerRuntime.start(config, out)) {
            runtime.awaitShutdown();
            return OK;
        } catch (RuntimeException e) {
            err.println("Tandem stopped: "
                    + SecretMasking.scrub(e.getMessage(), config.mm2().raw()));
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        }
    }

    /** The parsed command line. */
    record Arguments(Path config, Set<String> clusters) {

        static Arguments parse(String[] args) {
            Set<String> clusters = new LinkedHashSet<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--clusters")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--clusters needs a value, e.g. --clusters B");
                    }
                    for (String alias : args[++i].split(",")) {
                        if (!alias.isBlank()) {
                            clusters.add(alias.trim());
                        }
                    }
                } else if (arg.startsWith("--clusters=")) {
                    for (String alias : arg.substring("--clusters=".length()).split(",")) {
                        if (!alias.isBlank()) {
                            clusters.add(alias.trim());
                        }
                    }
                } else if (arg.startsWith("-")) {
                    throw new IllegalArgumentException("Unknown option " + arg);
                } else {
                    positional.add(arg);
                }
            }
            if (positional.size() != 1) {
                throw new IllegalArgumentException(
                        positional.isEmpty()
                                ? "Missing CONFIG: the mm2.properties file to run"
                                : "Expected one CONFIG file, got " + positional);
            }
            return new Arguments(Path.of(positional.get(0)), clusters);
        }
    }
}
