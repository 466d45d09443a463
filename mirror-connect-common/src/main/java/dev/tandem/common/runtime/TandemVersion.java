package dev.tandem.common.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, as connectors report it to Kafka Connect. */
public final class TandemVersion {

    private static final String VERSION = load();

    private TandemVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = TandemVersion.class.getResourceAsStream("/dev/tandem/common/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
