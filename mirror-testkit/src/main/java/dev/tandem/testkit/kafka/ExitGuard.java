package dev.tandem.testkit.kafka;

import org.apache.kafka.common.utils.Exit;

/**
 * Kafka's broker and Connect call {@code Exit.exit} on fatal errors; in a test JVM that would end the whole run
 * without a report. This turns such calls into exceptions on the thread that made them.
 */
public final class ExitGuard {

    private static boolean installed;

    private ExitGuard() {}

    public static synchronized void install() {
        if (installed) {
            return;
        }
        Exit.setExitProcedure((status, message) -> {
            throw new IllegalStateException("Kafka asked to exit the JVM with status " + status + ": " + message);
        });
        Exit.setHaltProcedure((status, message) -> {
            throw new IllegalStateException("Kafka asked to halt the JVM with status " + status + ": " + message);
        });
        installed = true;
    }
}
