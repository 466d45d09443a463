package dev.tandem.driver.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads a driver configuration into flat {@code key -> value} strings, the shape of mm2.properties: a
 * {@code .properties} file as Java reads it, or a HOCON {@code .conf} file read with typesafe-config, where
 * {@code ${?ENV_VAR}} substitutions are resolved and nested objects flatten to dotted keys. Keys with characters HOCON
 * treats specially, such as {@code "A->B.enabled"}, are written quoted in HOCON.
 */
public final class ConfigFileReader {

    private ConfigFileReader() {}

    public static Map<String, String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(
                    file.toString(),
                    List.of(new ConfigProblem(
                            "(file)",
                            "no such file: " + file.toAbsolutePath()
                                    + "; pass the path of an mm2.properties or .conf file")));
        }
        return file.getFileName().toString().endsWith(".conf") ? readHocon(file) : readProperties(file);
    }

    private static Map<String, String> readProperties(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidConfigException(
                    file.toString(), List.of(new ConfigProblem("(file)", "cannot read it: " + e.getMessage())));
        }
        Map<String, String> flat = new TreeMap<>();
        props.stringPropertyNames()
                .forEach(key -> flat.put(key.trim(), props.getProperty(key).trim()));
        return flat;
    }

    private static Map<String, String> readHocon(Path file) {
        Config config;
        try {
            config = ConfigFactory.parseFile(
                            file.toFile(),
                            ConfigParseOptions.defaults()
                                    .setSyntax(ConfigSyntax.CONF)
                                    .setAllowMissing(false))
                    .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
        } catch (ConfigException e) {
            throw new InvalidConfigException(file.toString(), List.of(new ConfigProblem("(file)", e.getMessage())));
        }
        Map<String, String> flat = new TreeMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
            flat.put(unquote(entry.getKey()), render(entry.getValue()));
        }
        return flat;
    }

    /** HOCON paths quote segments with special characters ("A->B".enabled); mm2 keys do not. */
    private static String unquote(String path) {
        return path.replace("\"", "");
    }

    private static String render(ConfigValue value) {
        if (value.valueType() == ConfigValueType.LIST) {
            return ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value.unwrapped());
    }
}
