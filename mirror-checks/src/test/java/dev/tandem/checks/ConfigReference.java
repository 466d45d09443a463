package dev.tandem.checks;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;

/**
 * A connector's or the driver's {@link ConfigDef} as a markdown reference page: one row per key, in the order of its groups, with the
 * type, default, valid values, importance and the documentation string the ConfigDef itself carries. The ConfigDef is
 * the one source of truth; this page is generated from it and never edited by hand.
 */
final class ConfigReference {

    private ConfigReference() {}

    static String render(String title, String owner, String intro, ConfigDef def) {
        StringBuilder page = new StringBuilder()
                .append("# ")
                .append(title)
                .append("\n\n")
                .append("<!-- Generated from ")
                .append(owner)
                .append("'s ConfigDef by mirror-checks'"
                        + " ConfigReferenceTest; do not edit. Regenerate: mvn -B -q -pl mirror-checks -am test"
                        + " -Dreference.write=true -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Dtest=ConfigReferenceTest -->\n\n")
                .append(intro)
                .append("\n\n")
                .append("| key | type | default | valid values | importance | description |\n")
                .append("|---|---|---|---|---|---|\n");
        for (ConfigKey key : ordered(def)) {
            page.append("| `")
                    .append(key.name)
                    .append("` | ")
                    .append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(cell(defaultOf(key)))
                    .append(" | ")
                    .append(cell(validValues(key)))
                    .append(" | ")
                    .append(key.importance.name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(cell(key.documentation))
                    .append(" |\n");
        }
        return page.toString();
    }

    /** Grouped keys first, in the ConfigDef's group order and each key's order in its group; then the rest by name. */
    private static List<ConfigKey> ordered(ConfigDef def) {
        List<String> groups = def.groups();
        return def.configKeys().values().stream()
                .sorted(Comparator.<ConfigKey>comparingInt(
                                k -> k.group == null ? Integer.MAX_VALUE : groups.indexOf(k.group))
                        .thenComparingInt(k -> k.orderInGroup)
                        .thenComparing(k -> k.name))
                .toList();
    }

    /** The validator's own words; one without them (Object's toString) would make the page change on every run. */
    private static String validValues(ConfigKey key) {
        if (key.validator == null) {
            return "";
        }
        String text = key.validator.toString();
        if (text.contains("$$Lambda") || text.matches(".*@[0-9a-f]+$")) {
            throw new IllegalStateException("the validator of " + key.name + " does not say what it accepts (" + text
                    + "): give it a toString() naming the valid values");
        }
        return text;
    }

    private static String defaultOf(ConfigKey key) {
        if (!key.hasDefault()) {
            return "(required)";
        }
        if (key.defaultValue == null) {
            return "null";
        }
        if (key.type == ConfigDef.Type.PASSWORD) {
            return "[hidden]";
        }
        String text = ConfigDef.convertToString(key.defaultValue, key.type);
        return text.isEmpty() ? "\"\"" : "`" + text + "`";
    }

    /**
     * One table cell: no line breaks, no column separators, and angle brackets outside code spans escaped, or a
     * markdown renderer takes {@code <alias>} for an HTML tag and drops it.
     */
    private static String cell(String text) {
        if (text == null) {
            return "";
        }
        String flat =
                text.replace("\r", "").replace("\n", " ").replace("|", "\\|").trim();
        StringBuilder escaped = new StringBuilder(flat.length());
        boolean inCode = false;
        for (char c : flat.toCharArray()) {
            if (c == '`') {
                inCode = !inCode;
            }
            if (!inCode && c == '<') {
                escaped.append("&lt;");
            } else if (!inCode && c == '>') {
                escaped.append("&gt;");
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
