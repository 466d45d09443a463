package dev.tandem.testkit.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a jar of plug-in classes a user would write (an MM2 topic filter, say) from the Java sources shipped as
 * test resources, compiled against jars the test names. The classes stay out of every test class path, so a test
 * decides where Tandem may find them: a plugin path, the driver's CLASSPATH, or nowhere.
 */
public final class PluginJar {

    private PluginJar() {}

    /**
     * The MM2 plug-ins of {@code resources/mm2-plugins}, compiled against the connect-mirror, connect-mirror-client
     * and kafka-clients jars of {@code kafkaLib} (a Kafka release's libs), as {@code jar}.
     */
    public static Path mm2Plugins(Path kafkaLib, Path jar) {
        List<Path> classpath = List.of(
                kafkaJar(kafkaLib, "connect-mirror"),
                kafkaJar(kafkaLib, "connect-mirror-client"),
                kafkaJar(kafkaLib, "kafka-clients"));
        return build("mm2-plugins", classpath, jar);
    }

    /** The jar of {@code artifact} (e.g. {@code connect-mirror}) among a Kafka release's libs. */
    public static Path kafkaJar(Path kafkaLib, String artifact) {
        try (Stream<Path> files = Files.list(kafkaLib)) {
            return files.filter(f -> f.getFileName()
                            .toString()
                            .matches(java.util.regex.Pattern.quote(artifact) + "-[0-9][^-]*\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + artifact + "-<version>.jar in " + kafkaLib
                            + ": build the connect-workers modules first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path build(String resourceDir, List<Path> classpath, Path jar) {
        try {
            Path work = Files.createTempDirectory(jar.getParent(), "plugin-src");
            Path sources = work.resolve("src");
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> files = copySources(resourceDir, sources);
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler == null) {
                throw new IllegalStateException("no Java compiler: the tests need a JDK, not a JRE");
            }
            List<String> args = new ArrayList<>(List.of(
                    "-d",
                    classes.toString(),
                    "--release",
                    "17",
                    "-cp",
                    classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
            args.addAll(files);
            StringWriter errors = new StringWriter();
            int code = compiler.run(null, null, new WriterStream(errors), args.toArray(String[]::new));
            if (code != 0) {
                throw new IllegalStateException("cannot compile " + resourceDir + ": " + errors);
            }
            writeJar(classes, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sources listed in the directory's {@code index.txt}, copied out of the class path to {@code into}. */
    private static List<String> copySources(String resourceDir, Path into) throws IOException {
        List<String> files = new ArrayList<>();
        for (String name :
                resource(resourceDir + "/index.txt").lines().map(String::trim).toList()) {
            if (name.isEmpty()) {
                continue;
            }
            Path file = into.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource(resourceDir + "/" + name));
            files.add(file.toString());
        }
        return files;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = PluginJar.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
    }

    /** The compiler's messages, kept for the failure report. */
    private static final class WriterStream extends OutputStream {
        private final StringWriter writer;

        WriterStream(StringWriter writer) {
            this.writer = writer;
        }

        @Override
        public void write(int b) {
            writer.write(b);
        }
    }
}
