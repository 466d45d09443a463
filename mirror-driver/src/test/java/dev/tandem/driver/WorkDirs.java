package dev.tandem.driver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folders under target/ for the driver tests' files: kept after a run, since the logs explain a failure. */
final class WorkDirs {

    private WorkDirs() {}

    /** {@code target/<name>}, emptied of an earlier run's files. */
    static Path fresh(String name) throws IOException {
        Path dir = Path.of("target", name).toAbsolutePath();
        delete(dir);
        return Files.createDirectories(dir);
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
