package dev.tandem.bench;

/**
 * Reads the long-run commands' {@code -D} settings, treating an unset value and one Maven passed through as its own
 * placeholder ({@code ${...}}) as "use the default", and refusing a bad value with a message that names the key.
 */
public final class SystemSettings {

    private SystemSettings() {}

    public static int positive(String key, int defaultValue) {
        String raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + key + " must be a positive whole number, not '" + raw + "'");
    }

    public static boolean flag(String key, boolean defaultValue) {
        String raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        if (raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(raw);
        }
        throw new IllegalArgumentException("-D" + key + " must be true or false, not '" + raw + "'");
    }

    public static long number(String key, long defaultValue) {
        String raw = raw(key);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + " must be a whole number, not '" + raw + "'", e);
        }
    }

    public static String text(String key, String defaultValue) {
        String raw = raw(key);
        return raw.isEmpty() ? defaultValue : raw;
    }

    /** The checkout the command runs from ({@code -Dtandem.home}), where {@code bin/connect-mirror-maker} is. */
    public static java.nio.file.Path tandemHome() {
        return java.nio.file.Path.of(text("tandem.home", "..")).toAbsolutePath().normalize();
    }

    /** Kills every process this JVM started (replicators, brokers) when it exits, however it exits. */
    public static void killChildrenOnExit() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly)));
    }

    private static String raw(String key) {
        String raw = System.getProperty(key, "").trim();
        return raw.startsWith("${") ? "" : raw;
    }
}
