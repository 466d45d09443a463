package dev.tandem.common.filter;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A comma-separated list of names and regexes, as in {@code topics} and {@code groups}: one compiled pattern that
 * matches a whole name when any element does. An empty list matches nothing.
 */
public final class RegexList {

    private final Pattern pattern;

    private RegexList(Pattern pattern) {
        this.pattern = pattern;
    }

    /** Compiles the elements; a {@link ConfigException} naming {@code key} and the bad element otherwise. */
    public static RegexList compile(String key, List<String> elements) {
        for (String element : elements) {
            validateElement(key, element);
        }
        List<String> nonEmpty =
                elements.stream().map(String::trim).filter(e -> !e.isEmpty()).collect(Collectors.toList());
        if (nonEmpty.isEmpty()) {
            return new RegexList(null);
        }
        String joined = nonEmpty.stream().map(e -> "(?:" + e + ")").collect(Collectors.joining("|"));
        return new RegexList(Pattern.compile(joined));
    }

    public boolean matches(String name) {
        return pattern != null && pattern.matcher(name).matches();
    }

    private static void validateElement(String key, String element) {
        try {
            Pattern.compile(element.trim());
        } catch (PatternSyntaxException e) {
            throw new ConfigException(
                    key,
                    element,
                    "not a valid regular expression (" + e.getDescription() + " near index " + e.getIndex()
                            + "); escape special characters such as '.' and '*' with a backslash");
        }
    }

    /** A {@link ConfigDef.Validator} for LIST settings, so bad regexes fail Connect's validation with the key named. */
    public static ConfigDef.Validator validator() {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null) {
                    return;
                }
                @SuppressWarnings("unchecked")
                List<String> elements = (List<String>) value;
                for (String element : elements) {
                    validateElement(name, element);
                }
            }

            @Override
            public String toString() {
                return "comma-separated list of regular expressions";
            }
        };
    }
}
