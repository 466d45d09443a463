package dev.tandem.driver.cli;

import dev.tandem.common.config.SecretMasking;
import dev.tandem.driver.config.DriverConfig;
import dev.tandem.driver.config.InvalidConfigException;
import dev.tandem.driver.handback.HandBackToMirrorMaker2;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code connect-mirror-maker handback-to-mm2 CONFIG [--clusters B,...] [--execute] [--timeout SECONDS]}: the plan
 * (and with --execute, the writes) that let a dedicated MirrorMaker 2 run with CONFIG resume where Tandem stopped.
 * Exit code 0 when done, 1 when refused or failed, 2 for a bad command line or config.
 */
final class HandBackCommand {

    static final String USAGE = """
            Usage: connect-mirror-maker handback-to-mm2 CONFIG [--clusters B,...] [--execute] [--timeout SECONDS]
              Run after stopping Tandem's driver, before starting MirrorMaker 2 with the same CONFIG.
              --clusters  only the flows into these target clusters
              --execute   write the offsets into MM2's offsets topic (default: print the plan, change nothing)
              --timeout   seconds to wait for a cluster to answer (default 30)
            """;

    private HandBackCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.print(USAGE);
            return ConnectMirrorMaker.OK;
        }
        Path file = null;
        Set<String> clusters = new LinkedHashSet<>();
        boolean execute = false;
        Duration timeout = Duration.ofSeconds(30);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            if (arg.equals("--execute")) {
                execute = true;
            } else if (arg.equals("--clusters") && hasValue) {
                for (String c : args.get(++i).split(",")) {
                    if (!c.isBlank()) {
                        clusters.add(c.trim());
                    }
                }
            } else if (arg.equals("--timeout") && hasValue) {
                try {
                    timeout = Duration.ofSeconds(Long.parseLong(args.get(++i).trim()));
                } catch (NumberFormatException e) {
                    return usage(err, "--timeout takes whole seconds, not " + args.get(i));
                }
            } else if (arg.startsWith("--") || file != null) {
                return usage(err, "Unexpected argument: " + arg);
            } else {
                file = Path.of(arg);
            }
        }
        if (file == null) {
            return usage(err, "Missing CONFIG");
        }
        DriverConfig config;
        try {
            config = DriverConfig.load(file, clusters);
        } catch (InvalidConfigException e) {
            err.println(e.getMessage());
            return ConnectMirrorMaker.INVALID;
        }
        try {
            HandBackToMirrorMaker2.run(config.mm2(), clusters, execute, timeout, out);
            if (execute) {
                out.println("Done. Start MirrorMaker 2 with " + file + "; it resumes where Tandem stopped.");
            }
            return ConnectMirrorMaker.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectMirrorMaker.FAILED;
        } catch (Exception e) {
            err.println("Hand-back refused or failed: "
                    + SecretMasking.scrub(
                            String.valueOf(e.getMessage()), config.mm2().raw()));
            return ConnectMirrorMaker.FAILED;
        }
    }

    private static int usage(PrintStream err, String problem) {
        err.println(problem);
        err.print(USAGE);
        return ConnectMirrorMaker.INVALID;
    }
}
