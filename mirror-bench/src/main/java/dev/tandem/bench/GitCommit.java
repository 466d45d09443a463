package dev.tandem.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The commit the figures were measured on, for the report's header ({@code git rev-parse}, which changes nothing). */
public final class GitCommit {

    private GitCommit() {}

    /** The short hash of HEAD, with a note when the work tree has changes not committed (figures then are not HEAD's). */
    public static String shortHash(Path repository) {
        String head = git(repository, "rev-parse", "--short", "HEAD");
        String changes = git(repository, "status", "--porcelain", "--untracked-files=no");
        return changes.isEmpty() || changes.startsWith("unknown") ? head : head + " with uncommitted changes";
    }

    private static String git(Path repository, String... args) {
        try {
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
            command.addAll(java.util.List.of(args));
            Process git = new ProcessBuilder(command)
                    .directory(repository.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return "unknown (" + out + ")";
            }
            return out;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
