package dev.tandem.common.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Cluster aliases become part of topic names ({@code us-west.orders}), so they must be valid in one: letters,
 * digits, '_' and '-', at most 100 characters. A '.' is refused because it is the default separator and would make
 * remote topics ambiguous, breaking loop detection.
 */
public final class ClusterAliasValidator implements ConfigDef.Validator {

    private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,100}");

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return; // required-ness is ConfigDef's job, with its own message
        }
        String alias = value.toString();
        if (!ALIAS.matcher(alias).matches()) {
            throw new ConfigException(
                    name,
                    alias,
                    "a cluster alias must be 1 to 100 letters, digits, '_' or '-'"
                            + " (it becomes part of remote topic names, e.g. us-west_1.orders)");
        }
    }

    @Override
    public String toString() {
        return "1 to 100 of [A-Za-z0-9_-]";
    }
}
