package dev.tandem.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Peak heap in use, from a unified GC log ({@code -Xlog:gc}): the largest "used before" of any collection. */
public final class GcLog {

    private static final Pattern BEFORE_AFTER = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");

    private GcLog() {}

    public static OptionalLong peakHeapMegabytes(Path gcLog) {
        long peak = -1;
        try {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = BEFORE_AFTER.matcher(line);
                if (m.find()) {
                    peak = Math.max(peak, megabytes(Long.parseLong(m.group(1)), m.group(2)));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return peak < 0 ? OptionalLong.empty() : OptionalLong.of(peak);
    }

    private static long megabytes(long value, String unit) {
        return switch (unit) {
            case "K" -> value / 1024;
            case "G" -> value * 1024;
            default -> value;
        };
    }
}
