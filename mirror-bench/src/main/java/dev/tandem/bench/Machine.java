package dev.tandem.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** What the figures were measured on, for the header of the results. */
public final class Machine {

    private Machine() {}

    public static String describe() {
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %s memory, Java %s, Linux %s",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(),
                memory(),
                System.getProperty("java.version"),
                System.getProperty("os.version"));
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal")
                .map(v -> String.format(
                        Locale.ROOT, "%.0f GiB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    private static Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
