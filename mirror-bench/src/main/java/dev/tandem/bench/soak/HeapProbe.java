package dev.tandem.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap a JVM holds live: {@code jcmd <pid> GC.class_histogram} runs a full collection first, so its total is
 * what survives, not whatever garbage the young generation happens to hold at that moment. The resident set size
 * comes from {@code /proc/<pid>/status}.
 */
public final class HeapProbe {

    private final long pid;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    public HeapProbe(long pid) {
        this.pid = pid;
    }

    /** Bytes of live objects after a full GC. */
    public long liveHeapBytes() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed: " + output);
        }
        List<String> lines = output.lines()
                .map(String::trim)
                .filter(l -> l.startsWith("Total"))
                .toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("No Total line in the class histogram of " + pid + ": " + output);
        }
        String[] fields = lines.get(lines.size() - 1).split("\\s+");
        return Long.parseLong(fields[fields.length - 1]);
    }

    /** Resident memory of the whole process (heap, metaspace, threads, buffers). */
    public long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("No VmRSS in /proc/" + pid + "/status");
    }
}
