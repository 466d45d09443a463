package dev.tandem.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's markdown (README.md, docs/, configs/) leads somewhere: the file or folder
 * exists and, where the link names a heading ({@code file.md#heading}), that heading is in the file. A newcomer who
 * follows a link from the README must never land on nothing.
 */
class RelativeLinksTest {

    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    private final Path root =
            Path.of(System.getProperty("docs.root", "..")).toAbsolutePath().normalize();

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<Path> pages = markdownPages();
        assertTrue(pages.contains(root.resolve("README.md")), "README.md is not under " + root);
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            for (String target : MarkdownText.links(Files.readAllLines(page))) {
                if (isExternal(target)) {
                    continue;
                }
                checked++;
                String problem = problemWith(page, target);
                if (problem != null) {
                    broken.add(root.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 20, "only " + checked + " relative links found: is the link pattern still right?");
        assertEquals(List.of(), broken, "broken relative links");
    }

    @Test
    void headingsBecomeTheAnchorsGitHubGives() {
        assertEquals("security-saslssl-and-secrets", MarkdownText.anchor("Security: SASL/SSL and secrets"));
        assertEquals("faults-nothing-lost", MarkdownText.anchor("Faults: nothing lost"));
        assertEquals("copy_path-and-auto", MarkdownText.anchor("`copy_path` and auto"));
    }

    private String problemWith(Path page, String target) throws IOException {
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository (a clone does not have it)";
        }
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor != null && !anchor.isEmpty()) {
            if (!resolved.toString().endsWith(".md")) {
                return "an anchor into a file that is not markdown";
            }
            if (!MarkdownText.anchors(Files.readAllLines(resolved)).contains(anchor)) {
                return "no heading with anchor #" + anchor + " in " + root.relativize(resolved);
            }
        }
        return null;
    }

    private static boolean isExternal(String target) {
        return target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    private List<Path> markdownPages() throws IOException {
        List<Path> pages = new ArrayList<>();
        pages.add(root.resolve("README.md"));
        for (String dir : List.of("docs", "configs")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
            }
        }
        return pages;
    }

    /** The little of markdown the check needs: links and headings outside code. */
    static final class MarkdownText {

        private MarkdownText() {}

        static List<String> links(List<String> lines) {
            List<String> links = new ArrayList<>();
            for (String line : outsideCodeBlocks(lines)) {
                Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
                while (m.find()) {
                    links.add(m.group(1));
                }
            }
            return links;
        }

        static Set<String> anchors(List<String> lines) {
            Set<String> anchors = new HashSet<>();
            for (String line : outsideCodeBlocks(lines)) {
                if (line.startsWith("#")) {
                    String base = anchor(line.replaceFirst("^#+\\s*", ""));
                    // GitHub numbers repeated headings: the second "Usage" is #usage-1.
                    String candidate = base;
                    for (int n = 1; !anchors.add(candidate); n++) {
                        candidate = base + "-" + n;
                    }
                }
            }
            return anchors;
        }

        /** GitHub's rule: lower case, punctuation other than '-' and '_' dropped, each space a '-'. */
        static String anchor(String heading) {
            return heading.trim()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
        }

        private static List<String> outsideCodeBlocks(List<String> lines) {
            List<String> outside = new ArrayList<>();
            boolean inCode = false;
            for (String line : lines) {
                if (line.stripLeading().startsWith("```")) {
                    inCode = !inCode;
                } else if (!inCode) {
                    outside.add(line);
                }
            }
            return outside;
        }
    }
}
