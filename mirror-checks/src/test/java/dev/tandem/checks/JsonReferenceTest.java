package dev.tandem.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.driver.drill.DrillReport;
import dev.tandem.driver.status.StatusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON that {@code status --json} and {@code drill --json} print is documented field by field in
 * {@code docs/reference/}, since scripts depend on it. The descriptions are written by hand; the field names and
 * types come from the report types, and this test fails when the two disagree.
 */
class JsonReferenceTest {

    /** A table row: | `path` | type | meaning | */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (\\w+) \\|");

    private final Path reference = Path.of(System.getProperty("docs.root", ".."))
            .resolve("docs")
            .resolve("reference")
            .toAbsolutePath()
            .normalize();

    @Test
    void statusPageListsEveryFieldOfTheStatusReport() throws IOException {
        assertEquals(
                JsonFields.of(StatusReport.class),
                documented("status-json.md"),
                "docs/reference/status-json.md against " + StatusReport.class.getName());
    }

    @Test
    void drillPageListsEveryFieldOfTheDrillReport() throws IOException {
        assertEquals(
                JsonFields.of(DrillReport.class),
                documented("drill-json.md"),
                "docs/reference/drill-json.md against " + DrillReport.class.getName());
    }

    private Map<String, String> documented(String page) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(reference.resolve(page), StandardCharsets.UTF_8)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                fields.put(row.group(1), row.group(2));
            }
        }
        return fields;
    }
}
