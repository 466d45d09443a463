package dev.tandem.driver.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells {@code bin/connect-mirror-maker} that the class-data archive this process records at its exit is worth
 * keeping: the script records one on a first start, and only a start that got its workers running has loaded the
 * classes every later start needs. The script passes the file as {@code -Dtandem.cds.recording}; this writes
 * {@code <file>.ok} beside it.
 */
final class ClassDataRecording {

    static final String PROPERTY = "tandem.cds.recording";
    private static final Logger log = LoggerFactory.getLogger(ClassDataRecording.class);

    private ClassDataRecording() {}

    static void markStarted() {
        String recording = System.getProperty(PROPERTY);
        if (recording == null || recording.isBlank()) {
            return;
        }
        Path marker = Path.of(recording + ".ok");
        try {
            Files.deleteIfExists(marker);
            Files.createFile(marker);
        } catch (IOException e) {
            // Only the next start is slower for it.
            log.debug("Could not mark the class-data archive {} as complete: {}", recording, e.toString());
        }
    }
}
